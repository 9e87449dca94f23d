/**
 * The fake Vapi's custom credentials (`/credential`), written from Vapi's API reference and the SDK types
 * (CreateWebhookCredentialDto, UpdateWebhookCredentialDto, WebhookCredential, HmacAuthenticationPlan,
 * BearerAuthenticationPlan), and what Vapi does with them: a server config naming a webhook credential gets
 * its messages authenticated by that credential's plan. A server without one, or naming a credential that
 * does not exist, gets plain unsigned POSTs, as from Vapi.
 */
import { randomUUID } from 'node:crypto';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { FakeReply, FakeRequest, FakeServer } from '@voxanne/connector-kit/testing';
import { signWithHmacPlan } from './sign-plan.ts';

type Json = Record<string, unknown>;

const ALGORITHMS = ['sha256', 'sha512', 'sha1'];

/** Problems with an authentication plan, as Vapi's validation would list them. */
function planProblems(plan: unknown): string[] {
  if (!plan || typeof plan !== 'object') return ['authenticationPlan must be an object'];
  const p = plan as Json;
  switch (p.type) {
    case 'hmac':
      return [
        ...(typeof p.secretKey === 'string' && p.secretKey ? [] : ['authenticationPlan.secretKey must be a string']),
        ...(ALGORITHMS.includes(String(p.algorithm)) ? [] : [`authenticationPlan.algorithm must be one of the following values: ${ALGORITHMS.join(', ')}`]),
        ...(p.signatureEncoding === undefined || p.signatureEncoding === 'hex' || p.signatureEncoding === 'base64'
          ? []
          : ['authenticationPlan.signatureEncoding must be one of the following values: hex, base64']),
      ];
    case 'bearer':
      return typeof p.token === 'string' && p.token ? [] : ['authenticationPlan.token must be a string'];
    case 'oauth2':
      return typeof p.url === 'string' && typeof p.clientId === 'string' && typeof p.clientSecret === 'string' ? [] : ['authenticationPlan url, clientId and clientSecret are required'];
    default:
      return ['authenticationPlan.type must be one of the following values: oauth2, hmac, bearer'];
  }
}

const nameProblems = (name: unknown): string[] =>
  name === undefined || (typeof name === 'string' && name.length >= 1 && name.length <= 40) ? [] : ['name must be shorter than or equal to 40 characters'];

export interface FakeCredentials {
  readonly all: Map<string, Json>;
  /** Headers Vapi would add for a server config naming `credentialId` (none when it names nothing usable). */
  authHeaders(credentialId: unknown, input: { body: string; timestamp: string; url: string }): Record<string, string>;
}

export function registerCredentialRoutes(
  http: FakeServer,
  ctx: { orgId: string; error: (status: number, message: string | string[]) => FakeReply; body: (req: FakeRequest) => Json },
): FakeCredentials {
  const all = new Map<string, Json>();
  const now = () => new Date().toISOString();
  const missing = () => ctx.error(404, "Couldn't Find Credential.");

  http.route('POST', '/credential', (req) => {
    const b = ctx.body(req);
    // POST /credential takes every provider's DTO, discriminated by `provider`; the fake models webhook ones.
    if (b.provider !== 'webhook') return ctx.error(400, ['provider must be one of the following values: webhook (fake)']);
    const problems = [...planProblems(b.authenticationPlan), ...nameProblems(b.name)];
    if (problems.length) return ctx.error(400, problems);
    const cred: Json = { ...b, id: randomUUID(), orgId: ctx.orgId, createdAt: now(), updatedAt: now() };
    all.set(cred.id as string, cred);
    return { status: 201, json: cred };
  });
  http.route('GET', '/credential', () => ({ json: [...all.values()] }));
  http.route('GET', '/credential/:id', (req) => (all.has(req.params.id!) ? { json: all.get(req.params.id!) } : missing()));
  http.route('PATCH', '/credential/:id', (req) => {
    const found = all.get(req.params.id!);
    if (!found) return missing();
    const b = ctx.body(req);
    if (b.provider !== undefined && b.provider !== found.provider) return ctx.error(400, ['provider cannot be changed']);
    const problems = [...(b.authenticationPlan !== undefined ? planProblems(b.authenticationPlan) : []), ...nameProblems(b.name)];
    if (problems.length) return ctx.error(400, problems);
    const updated = { ...found, ...b, id: found.id, orgId: found.orgId, updatedAt: now() };
    all.set(found.id as string, updated);
    return { json: updated };
  });
  http.route('DELETE', '/credential/:id', (req) => {
    const found = all.get(req.params.id!);
    if (!found) return missing();
    all.delete(req.params.id!);
    return { json: found };
  });

  return {
    all,
    authHeaders(credentialId, input) {
      const plan = (typeof credentialId === 'string' ? all.get(credentialId)?.authenticationPlan : undefined) as Json | undefined;
      if (plan?.type === 'hmac') return signWithHmacPlan(plan as unknown as Vapi.HmacAuthenticationPlan, { body: input.body, timestamp: input.timestamp, url: input.url });
      if (plan?.type === 'bearer') {
        const b = plan as unknown as Vapi.BearerAuthenticationPlan;
        return { [(b.headerName ?? 'Authorization').toLowerCase()]: `${b.bearerPrefixEnabled === false ? '' : 'Bearer '}${b.token}` };
      }
      return {};
    },
  };
}
