import type { NextFunction, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { ApiError } from '../errors.ts';
import { inScope } from '../db/tenancy.ts';
import { sha256Hex } from '../crypto/hash.ts';

const RETENTION_MS = 24 * 3600_000;
// A claim whose request died mid-flight (crash, deploy) may be retaken after this.
const CLAIM_LEASE_MS = 60_000;

interface StoredKey {
  principal_id: string;
  request_hash: string;
  state: 'processing' | 'completed';
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
  locked_until: Date;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

async function claim(knex: Knex, orgId: string, key: string, principalId: string, requestHash: string): Promise<Claim> {
  return inScope(knex, { orgId }, async (tx) => {
    const now = new Date();
    const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
    const inserted = await tx('idempotency_keys')
      .insert({ org_id: orgId, key, principal_id: principalId, request_hash: requestHash, state: 'processing', locked_until: lease })
      .onConflict(['org_id', 'key'])
      .ignore()
      .returning('key');
    if (inserted.length) return { kind: 'claimed' };

    const row: StoredKey = await tx('idempotency_keys').where({ org_id: orgId, key }).forUpdate().first();
    const expired = now.getTime() - row.created_at.getTime() > RETENTION_MS;
    const abandoned = row.state === 'processing' && row.locked_until < now;
    if (expired || abandoned) {
      await tx('idempotency_keys')
        .where({ org_id: orgId, key })
        .update({ principal_id: principalId, request_hash: requestHash, state: 'processing', response_status: null, response_body: null, created_at: now, locked_until: lease });
      return { kind: 'claimed' };
    }
    if (row.request_hash !== requestHash || row.principal_id !== principalId) {
      throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request.');
    }
    if (row.state === 'processing') {
      throw new ApiError(409, 'idempotency_request_in_progress', 'A request with this Idempotency-Key is still being processed.', {}, { 'Retry-After': '1' });
    }
    return { kind: 'replay', status: row.response_status!, body: row.response_body };
  });
}

/**
 * Stripe-style idempotency for authenticated POSTs. The key is claimed in its own committed transaction
 * before the handler runs, so a concurrent duplicate sees the claim and is refused instead of running twice.
 * A response is stored before it is sent; a request that ends in an error releases its claim so it can be retried.
 */
export function idempotency(knex: Knex): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    const actor = req.ctx.actor;
    if (req.method !== 'POST' || !key || !actor) return next();
    try {
      const principalId = actor.principal.type === 'api_key' ? actor.principal.keyId : actor.principal.userId;
      const requestHash = sha256Hex(`${req.method} ${req.originalUrl.split('?')[0]}\n${stableStringify(req.body ?? null)}`);
      const result = await claim(knex, actor.orgId, key, principalId, requestHash);
      if (result.kind === 'replay') {
        res.setHeader('Idempotent-Replayed', 'true');
        return void res.status(result.status).json(result.body);
      }
      captureResponse(knex, res, actor.orgId, key, next);
      next();
    } catch (err) {
      next(err);
    }
  };
}

function captureResponse(knex: Knex, res: Response, orgId: string, key: string, next: NextFunction) {
  let stored = false;
  const originalJson = res.json.bind(res);
  res.json = (body: unknown) => {
    if (res.statusCode >= 500) return originalJson(body);
    inScope(knex, { orgId }, (tx) =>
      tx('idempotency_keys')
        .where({ org_id: orgId, key })
        .update({ state: 'completed', response_status: res.statusCode, response_body: JSON.stringify(body) }),
    ).then(
      () => {
        stored = true;
        originalJson(body);
      },
      (err) => next(err),
    );
    return res;
  };
  res.on('finish', () => {
    if (stored) return;
    void inScope(knex, { orgId }, (tx) => tx('idempotency_keys').where({ org_id: orgId, key, state: 'processing' }).delete()).catch(() => undefined);
  });
}
