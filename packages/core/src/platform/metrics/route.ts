/**
 * GET /metrics (Prometheus text format). Who may read it:
 *   - METRICS_TOKEN set: only a request with `Authorization: Bearer <token>`, on any port serving it;
 *   - METRICS_PORT set: served on that port (a private listener for the scraper); in production the API port
 *     then does not serve it at all, unless a token is also set;
 *   - neither, in development and test: open to loopback clients only; in production: not served (404).
 * Metrics carry no PHI, but they do describe load and tenants' activity, which is nobody's business outside.
 */
import type { IncomingMessage } from 'node:http';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../../config.ts';
import { timingSafeEqualStr } from '../crypto/hash.ts';
import { sendProblem } from '../http/problem.ts';
import { labelOperation } from '../http/request-log.ts';
import type { Metrics } from './registry.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type MetricsAccess = 'token' | 'open' | 'loopback' | 'hidden';

/** How /metrics is guarded on the API port (`onMetricsPort` false) or on METRICS_PORT. */
export function metricsAccess(config: Pick<Config, 'env' | 'metrics'>, onMetricsPort: boolean): MetricsAccess {
  if (config.metrics.token) return 'token';
  if (onMetricsPort) return 'open';
  if (config.env === 'production') return 'hidden';
  return 'loopback';
}

function allowed(access: MetricsAccess, token: string | undefined, req: IncomingMessage): 'ok' | 'unauthorized' | 'hidden' {
  if (access === 'open') return 'ok';
  if (access === 'hidden') return 'hidden';
  if (access === 'loopback') return LOOPBACK.has(req.socket.remoteAddress ?? '') ? 'ok' : 'hidden';
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m && timingSafeEqualStr(m[1]!, token!) ? 'ok' : 'unauthorized';
}

export async function writeMetrics(metrics: Metrics, res: Response | import('node:http').ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  res.statusCode = 200;
  res.setHeader('Content-Type', metrics.registry.contentType);
  res.end(body);
}

/** The route on the API port; mounted before the portal's static files and outside /v1's limits. */
export function metricsRoute(config: Pick<Config, 'env' | 'metrics'>, metrics: Metrics): Router {
  const r = Router();
  const access = metricsAccess(config, false);
  r.get('/metrics', async (req: Request, res: Response, next) => {
    labelOperation(res, 'getMetrics');
    const verdict = allowed(access, config.metrics.token, req);
    if (verdict === 'hidden') return sendProblem(res, 404, 'not_found', 'No route for GET /metrics.');
    if (verdict === 'unauthorized') {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendProblem(res, 401, 'metrics_unauthorized', 'Send the metrics token as "Authorization: Bearer <token>".');
    }
    writeMetrics(metrics, res).catch(next);
  });
  return r;
}

/** The METRICS_PORT listener's handler: /metrics and nothing else. */
export function metricsPortHandler(config: Pick<Config, 'env' | 'metrics'>, metrics: Metrics) {
  const access = metricsAccess(config, true);
  return (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    const verdict = req.method === 'GET' && path === '/metrics' ? allowed(access, config.metrics.token, req) : 'hidden';
    if (verdict !== 'ok') {
      res.statusCode = verdict === 'unauthorized' ? 401 : 404;
      res.setHeader('Content-Type', 'text/plain');
      res.end(verdict === 'unauthorized' ? 'unauthorized\n' : 'not found\n');
      return;
    }
    writeMetrics(metrics, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  };
}
