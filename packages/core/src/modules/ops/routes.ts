import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { pendingMigrations } from '../../platform/db/migrate.ts';
import { loadSpec } from '../../platform/openapi/spec.ts';
import { renderReferencePage } from '../../platform/openapi/reference-page.ts';

export function opsRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  r.get('/ready', async (_req, res) => {
    const checks: { database: 'ok' | 'failed'; migrations: 'ok' | 'pending' | 'failed'; redis: 'ok' | 'failed' | 'not_configured' } = {
      database: 'failed',
      migrations: 'failed',
      redis: deps.redis ? 'failed' : 'not_configured',
    };
    try {
      await deps.knex.raw('select 1');
      checks.database = 'ok';
      checks.migrations = (await pendingMigrations(deps.knex)).length ? 'pending' : 'ok';
    } catch {
      // reported through the checks
    }
    if (deps.redis) checks.redis = await deps.redis.ping().then(() => 'ok' as const, () => 'failed' as const);
    const ready = checks.database === 'ok' && checks.migrations === 'ok' && checks.redis !== 'failed';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  return r;
}

/** The contract and its reference page: outside the validator, since they describe it. */
export function docsRoutes(): Router {
  const r = Router();
  let page: string | undefined;
  r.get('/openapi.json', (_req, res) => {
    res.json(loadSpec());
  });
  r.get('/docs', (_req, res) => {
    page ??= renderReferencePage(loadSpec());
    res.type('html').send(page);
  });
  return r;
}
