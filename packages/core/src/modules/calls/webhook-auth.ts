/**
 * Signature verification of voice server messages, before anything else is read. Every tool call of a
 * live conversation is verified, so the org's secret (and whether the org exists) is kept in memory for a
 * short while instead of being read (and decrypted) on each message. A message that fails with the
 * remembered secret is tried once more with a freshly read one, so a newly stored secret works at once; a
 * replaced secret keeps verifying for at most SECRET_TTL_MS on a process that remembered it. Fresh reads
 * are at most one per REFRESH_MIN_MS per org, so a flood of bad signatures costs the database next to
 * nothing, and none at all for a caller the webhook guard has stopped trusting (`mayRead: false`).
 */
import { verifyWebhookSignature, type WebhookHeaders, type WebhookVerification } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { orgExists } from '../orgs/index.ts';

const SECRET_TTL_MS = 60_000;
const REFRESH_MIN_MS = 2_000;
const MAX_ORGS = 10_000;

interface Known {
  secret: string;
  /** False for an org id nobody created: its derived secret still verifies, the webhook then answers 404. */
  exists: boolean;
  readAt: number;
}

type Cache = Map<string, Known>;
const caches = new WeakMap<object, Cache>();

function cacheOf(deps: Pick<Deps, 'connectors'>): Cache {
  let c = caches.get(deps.connectors);
  if (!c) caches.set(deps.connectors, (c = new Map()));
  return c;
}

export type VoiceVerification = { ok: true; orgExists: boolean } | Extract<WebhookVerification, { ok: false }>;

/** Whether this process holds a fresh secret for the org (then verifying costs no database work). */
export function knowsVoiceSecret(deps: Pick<Deps, 'connectors'>, orgId: string): boolean {
  const k = cacheOf(deps).get(orgId);
  return k !== undefined && Date.now() - k.readAt < SECRET_TTL_MS;
}

async function read(deps: Pick<Deps, 'connectors' | 'knex'>, orgId: string): Promise<Known> {
  const [secret, exists] = await Promise.all([deps.connectors.webhookSecret(orgId), orgExists(deps, orgId)]);
  return { secret, exists, readAt: Date.now() };
}

function remember(deps: Pick<Deps, 'connectors'>, orgId: string, known: Known): void {
  const cache = cacheOf(deps);
  cache.delete(orgId);
  if (cache.size >= MAX_ORGS) cache.delete(cache.keys().next().value!);
  cache.set(orgId, known);
}

export async function verifyVoiceSignature(
  deps: Pick<Deps, 'connectors' | 'knex'>,
  orgId: string,
  req: { rawBody: string; headers: WebhookHeaders },
  opts: { mayRead?: boolean } = {},
): Promise<VoiceVerification> {
  const now = Date.now();
  const known = cacheOf(deps).get(orgId);
  const fresh = known && now - known.readAt < SECRET_TTL_MS ? known : undefined;
  // Without a remembered secret this pass only reads the headers: missing or stale ones fail whatever the
  // secret is, so only a wrong MAC is worth reading the secret for.
  const first = verifyWebhookSignature({ secret: fresh?.secret ?? '', rawBody: req.rawBody, headers: req.headers });
  if (first.ok && fresh) return { ok: true, orgExists: fresh.exists };
  if (!first.ok && first.reason !== 'bad_signature') return first;
  if (opts.mayRead === false || (fresh && now - fresh.readAt < REFRESH_MIN_MS)) return { ok: false, reason: 'bad_signature' };
  const again = await read(deps, orgId);
  const v = verifyWebhookSignature({ secret: again.secret, rawBody: req.rawBody, headers: req.headers });
  // Probes of made-up org ids are not remembered: they would push real orgs' secrets out.
  if (v.ok || again.exists) remember(deps, orgId, again);
  return v.ok ? { ok: true, orgExists: again.exists } : v;
}
