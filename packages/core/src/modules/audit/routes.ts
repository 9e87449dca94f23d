import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import { listAuditEvents } from './service.ts';

export function auditRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/audit-events', async (req, res) => {
    res.json(await listAuditEvents(deps.knex, actorOf(req), req.query as QueryOf<'listAuditEvents'>));
  });
  return r;
}
