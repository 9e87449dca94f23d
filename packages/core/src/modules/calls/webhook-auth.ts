/**
 * Signature verification of voice server messages, before anything else is read. Every tool call of a
 * live conversation is verified, so the org's secret is kept in memory for a short while instead of
 * being read (and decrypted) on each message. A message that fails with the remembered secret is tried
 * once more with a freshly read one, so a newly stored secret works at once; a replaced secret keeps
 * verifying for at most SECRET_TTL_MS on a process that remembered it.
 */
import { verifyWebhookSignature, type WebhookHeaders, type WebhookVerification } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';

const SECRET_TTL_MS = 60_000;
const MAX_ORGS = 10_000;

type Cache = Map<string, { secret: string; until: number }>;
const caches = new WeakMap<object, Cache>();

function cacheOf(deps: Pick<Deps, 'connectors'>): Cache {
  let c = caches.get(deps.connectors);
  if (!c) caches.set(deps.connectors, (c = new Map()));
  return c;
}

export async function verifyVoiceSignature(deps: Pick<Deps, 'connectors'>, orgId: string, req: { rawBody: string; headers: WebhookHeaders }): Promise<WebhookVerification> {
  const cache = cacheOf(deps);
  const now = Date.now();
  const known = cache.get(orgId);
  const remembered = known && known.until > now ? known.secret : null;
  // Without a remembered secret this pass only reads the headers: missing or stale ones fail whatever the
  // secret is, so only a wrong MAC is worth reading the secret for.
  const first = verifyWebhookSignature({ secret: remembered ?? '', rawBody: req.rawBody, headers: req.headers });
  if (first.ok && remembered !== null) return first;
  if (!first.ok && first.reason !== 'bad_signature') return first;
  const secret = await deps.connectors.webhookSecret(orgId);
  const v = verifyWebhookSignature({ secret, rawBody: req.rawBody, headers: req.headers });
  if (v.ok) {
    if (cache.size >= MAX_ORGS) cache.delete(cache.keys().next().value!);
    cache.set(orgId, { secret, until: now + SECRET_TTL_MS });
  }
  return v;
}
