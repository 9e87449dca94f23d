/**
 * One log line and one latency observation per request, on 'finish' (or 'close' for an aborted one). Only
 * method, path and status are logged: query strings and bodies may carry PHI, headers carry secrets. Nothing
 * is built for a level that is off, and no child logger is made per request (pino-http did both).
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.ts';
import { statusClass } from '../metrics/registry.ts';
import { operationOf } from './context.ts';

/** For routes outside the OpenAPI validator (the voice webhook, /metrics, docs): their metric label. */
export function labelOperation(res: { locals: Record<string, unknown> }, operation: string): void {
  res.locals.operation = operation;
}

function operationLabel(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): string {
  const id = operationOf(req).operationId ?? (res.locals.operation as string | undefined);
  if (id) return id;
  // Never the raw path: it carries ids, and every distinct value would be a new time series.
  return req.path.startsWith('/v1/') ? 'unmatched' : req.method === 'GET' ? 'static' : 'unmatched';
}

export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const ms = performance.now() - start;
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.httpDuration.observe({ operation: operationLabel(req, res), method: req.method, status_class: statusClass(status) }, ms / 1000);
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const url = req.originalUrl;
      const q = url.indexOf('?');
      logger[level](
        { req: { id: req.ctx.requestId, method: req.method, path: q === -1 ? url : url.slice(0, q) }, res: { statusCode: status }, responseTime: Math.round(ms) },
        status === 499 ? 'request aborted' : 'request completed',
      );
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
