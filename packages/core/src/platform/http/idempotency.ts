import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { ApiError } from '../errors.ts';
import { inScope } from '../db/tenancy.ts';
import { sha256Hex } from '../crypto/hash.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Deps } from '../deps.ts';

/** How long a stored answer may be replayed; older rows are never replayed and are purged (idempotency-purge.ts). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;
// A claim whose request died mid-flight (crash, deploy) may be retaken after this.
const CLAIM_LEASE_MS = 60_000;

interface StoredKey {
  principal_id: string;
  request_hash: string;
  state: 'processing' | 'completed';
  response_status: number | null;
  response_type: string | null;
  response_body_enc: string | null;
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

type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; type: string | null; body: string | Buffer };

// Bodies are JSON text or binary (voice previews); the tag keeps binary bytes intact through the text cipher.
function encodeBody(body: unknown): string {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return `base64:${Buffer.from(body).toString('base64')}`;
  if (typeof body === 'string') return `utf8:${body}`;
  return `utf8:${body === undefined ? '' : JSON.stringify(body)}`;
}

function decodeBody(stored: string): string | Buffer {
  if (stored.startsWith('base64:')) return Buffer.from(stored.slice(7), 'base64');
  return stored.startsWith('utf8:') ? stored.slice(5) : stored;
}

/** Must stay identical to what ENCRYPTED_COLUMNS uses for idempotency_keys, or key rotation cannot re-encrypt them. */
export const idempotencyAad = (orgId: string, key: string) => `${orgId}:idempotency:${key}`;

async function claim(knex: Knex, keyring: Keyring, orgId: string, key: string, principalId: string, requestHash: string): Promise<Claim> {
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
    const expired = now.getTime() - row.created_at.getTime() > IDEMPOTENCY_RETENTION_MS;
    const abandoned = row.state === 'processing' && row.locked_until < now;
    if (expired || abandoned) {
      await tx('idempotency_keys').where({ org_id: orgId, key }).update({
        principal_id: principalId,
        request_hash: requestHash,
        state: 'processing',
        response_status: null,
        response_type: null,
        response_body_enc: null,
        created_at: now,
        locked_until: lease,
      });
      return { kind: 'claimed' };
    }
    if (row.request_hash !== requestHash || row.principal_id !== principalId) {
      throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request.');
    }
    if (row.state === 'processing') {
      throw new ApiError(409, 'idempotency_request_in_progress', 'A request with this Idempotency-Key is still being processed.', {}, { 'Retry-After': '1' });
    }
    const body = row.response_body_enc ? decodeBody(keyring.decrypt(row.response_body_enc, idempotencyAad(orgId, key))) : '';
    return { kind: 'replay', status: row.response_status!, type: row.response_type, body };
  });
}

/**
 * Stripe-style idempotency for authenticated POSTs. The key is claimed in its own committed transaction
 * before the handler runs, so a concurrent duplicate sees the claim and is refused instead of running twice.
 * Whatever the handler answers (errors included, as Stripe does) is stored, encrypted, before it is sent,
 * so a retry after any outcome can never run the work a second time.
 */
export function idempotency(deps: Pick<Deps, 'knex' | 'keyring' | 'logger'>): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    const actor = req.ctx.actor;
    if (req.method !== 'POST' || !key || !actor) return next();
    try {
      const principalId = actor.principal.type === 'api_key' ? actor.principal.keyId : actor.principal.userId;
      // The mode is part of the request: a key used in live mode never replays its answer in test mode.
      const requestHash = sha256Hex(`${req.method} ${req.originalUrl.split('?')[0]} ${actor.livemode ? 'live' : 'test'}\n${stableStringify(req.body ?? null)}`);
      const result = await claim(deps.knex, deps.keyring, actor.orgId, key, principalId, requestHash);
      if (result.kind === 'replay') {
        res.setHeader('Idempotent-Replayed', 'true');
        if (result.type) res.setHeader('Content-Type', result.type);
        return void res.status(result.status).send(result.body);
      }
      captureResponse(deps, res, actor.orgId, key);
      next();
    } catch (err) {
      next(err);
    }
  };
}

function captureResponse(deps: Pick<Deps, 'knex' | 'keyring' | 'logger'>, res: Response, orgId: string, key: string) {
  const originalSend = res.send.bind(res);
  let storing = false;
  // res.json and the problem handler both end in res.send, so this sees every answer, success or error.
  res.send = (body?: unknown) => {
    if (storing) return originalSend(body);
    storing = true;
    const type = res.getHeader('content-type');
    inScope(deps.knex, { orgId }, (tx) =>
      tx('idempotency_keys')
        .where({ org_id: orgId, key })
        .update({
          state: 'completed',
          response_status: res.statusCode,
          response_type: typeof type === 'string' ? type : null,
          response_body_enc: deps.keyring.encrypt(encodeBody(body), idempotencyAad(orgId, key)),
        }),
    ).then(
      () => originalSend(body),
      (err) => {
        // The answer still goes out; the claim's lease expires and a retry will run the request again.
        deps.logger.error({ err: (err as Error).message, requestId: res.req.ctx.requestId }, 'could not store idempotent response');
        originalSend(body);
      },
    );
    return res;
  };
  res.on('finish', () => {
    if (storing) return;
    // Ended without a body (e.g. 204): still remember that it completed.
    void inScope(deps.knex, { orgId }, (tx) =>
      tx('idempotency_keys').where({ org_id: orgId, key, state: 'processing' }).update({ state: 'completed', response_status: res.statusCode, response_type: null, response_body_enc: null }),
    ).catch(() => undefined);
  });
}
