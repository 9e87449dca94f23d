import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a caller's X-Request-Id when it is safe to echo (so traces join up), otherwise mints one. */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    req.ctx = { requestId, ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null };
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}
