/**
 * The voice webhook's defences around the signature check (issue #10 item 12):
 *   - failed signatures are counted per client IP and per org (fixed one-minute windows, Redis counters
 *     shared by every API process, nothing stored in the database). Past either limit a failure is answered
 *     429 instead of 401, and an IP past its limit no longer makes the server read any secret: only orgs
 *     whose secret this process already holds are verified for it. A correctly signed message is never
 *     refused for someone else's failures: a vendor's egress IPs are shared by all its customers, and one
 *     org's URL may be probed by anyone.
 *   - an identical signed message (same signature, timestamp and body) inside the signature's tolerance
 *     window is a replay: it is answered with the first answer, encrypted at rest, and processed once.
 */
import { createHash } from 'node:crypto';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, WEBHOOK_TOLERANCE_SECONDS, headerValue, type WebhookHeaders } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import type { Claim } from '../../platform/replay-cache.ts';

const MAX_DISTRUSTED = 10_000;
/** A timestamp verifies for the tolerance either side of now; a replay cannot outlive that. */
export const REPLAY_TTL_MS = (2 * WEBHOOK_TOLERANCE_SECONDS + 60) * 1000;

const distrustedByDeps = new WeakMap<object, Map<string, number>>();
const distrustedOf = (deps: Pick<Deps, 'limiters'>) => {
  let m = distrustedByDeps.get(deps.limiters);
  if (!m) distrustedByDeps.set(deps.limiters, (m = new Map()));
  return m;
};

/** Whether this IP is past its failure limit (as this process last heard). */
export function isDistrusted(deps: Pick<Deps, 'limiters'>, ip: string): boolean {
  const m = distrustedOf(deps);
  const until = m.get(ip);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  m.delete(ip);
  return false;
}

/** Counts one failed signature (one Redis round trip); returns the seconds to wait when a limit is passed. */
export async function countFailure(deps: Pick<Deps, 'limiters'>, ip: string, orgId: string | undefined): Promise<number | null> {
  const spent = await deps.limiters.voiceSignatureFailures.spend(ip, orgId);
  if (spent.ip.exceeded) {
    const m = distrustedOf(deps);
    if (m.size >= MAX_DISTRUSTED) m.delete(m.keys().next().value!);
    m.set(ip, Date.now() + spent.ip.resetSeconds * 1000);
  }
  const over = [spent.ip, spent.key].filter((r) => r?.exceeded);
  return over.length ? Math.max(...over.map((r) => r!.resetSeconds)) : null;
}

/** What makes two deliveries the same signed message. */
export function replayKey(orgId: string, req: { rawBody: string; headers: WebhookHeaders }): string {
  const signature = headerValue(req.headers, WEBHOOK_SIGNATURE_HEADER) ?? '';
  const timestamp = headerValue(req.headers, WEBHOOK_TIMESTAMP_HEADER) ?? '';
  const body = createHash('sha256').update(req.rawBody, 'utf8').digest('hex');
  return `vwh:${orgId}:${createHash('sha256').update(`${signature}.${timestamp}.${body}`).digest('hex')}`;
}

const aad = (key: string) => `voice_replay:${key}`;

export interface RememberedAnswer {
  status: number;
  body: unknown;
}

export async function claimReplay(deps: Pick<Deps, 'replays' | 'keyring'>, key: string): Promise<Claim & { answer?: RememberedAnswer }> {
  const claim = await deps.replays.claim(key, REPLAY_TTL_MS);
  if (claim.kind !== 'answered') return claim;
  try {
    return { ...claim, answer: JSON.parse(deps.keyring.decrypt(claim.value, aad(key))) as RememberedAnswer };
  } catch {
    // Unreadable (a key rotated away): treat it as still in flight rather than processing twice.
    return { kind: 'in-flight' };
  }
}

/** The answer may quote the org's data (a booking's time and name), so it is stored encrypted. */
export async function rememberAnswer(deps: Pick<Deps, 'replays' | 'keyring'>, key: string, answer: RememberedAnswer): Promise<void> {
  await deps.replays.settle(key, deps.keyring.encrypt(JSON.stringify(answer), aad(key)), REPLAY_TTL_MS);
}
