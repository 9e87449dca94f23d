// The front door of the audit module: other modules and the app import only from here.
export { auditRoutes } from './routes.ts';
export { auditStep, originOf, recordAudit, type AuditEntry, type AuditOrigin } from './service.ts';
