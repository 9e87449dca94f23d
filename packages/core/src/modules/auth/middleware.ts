import type { RequestHandler } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { ApiError, forbidden } from '../../platform/errors.ts';
import { timingSafeEqualStr } from '../../platform/crypto/hash.ts';
import { limitHeaders } from '../../platform/rate-limit.ts';
import { operationOf, ROLE_RANK, type Scope } from '../../platform/http/context.ts';
import { authenticateApiKey } from '../api-keys/service.ts';
import { authenticateSession } from './sessions.ts';
import { resolveActor } from './actor.ts';

export const SESSION_COOKIE = 'vox_session';
export const CSRF_COOKIE = 'vox_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SCOPE_RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/**
 * Authentication, per-principal rate limit, CSRF, org resolution and authorisation, driven by the
 * x-voxanne-* extensions of the matched OpenAPI operation so the spec is the one place they are declared.
 */
export function authenticate(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    try {
      const op = operationOf(req);
      const mode = op['x-voxanne-auth'] ?? 'required';
      if (mode === 'none') return next();

      const authz = req.get('authorization');
      const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (authz) {
        const token = bearer(authz);
        if (!token) throw new ApiError(401, 'invalid_api_key', 'Send the API key as "Authorization: Bearer <key>".');
        req.ctx.principal = await authenticateApiKey(deps.knex, token);
      } else if (cookie) {
        req.ctx.principal = await authenticateSession(deps.knex, deps.config, cookie).catch((err) => {
          if (mode === 'optional-session') return undefined;
          throw err;
        });
      } else if (mode !== 'optional-session') {
        throw new ApiError(401, 'unauthenticated', 'Authentication is required: an API key or a session.');
      }
      const principal = req.ctx.principal;
      if (!principal) return next();

      const limitKey = principal.type === 'api_key' ? principal.keyId : principal.userId;
      const limit = await deps.limiters.perKey.consume(limitKey);
      for (const [k, v] of Object.entries(limitHeaders(limit))) res.setHeader(k, v);

      if (principal.type === 'session' && !SAFE_METHODS.has(req.method)) {
        const sent = req.get('x-csrf-token') ?? '';
        if (!timingSafeEqualStr(sent, principal.csrfToken)) {
          throw new ApiError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated request.');
        }
      }

      if (mode === 'session' || mode === 'optional-session') {
        if (principal.type !== 'session') throw new ApiError(403, 'session_required', 'This endpoint is for dashboard sessions, not API keys.');
        return next();
      }

      const actor = await resolveActor(deps.knex, principal, req.get('voxanne-org') || undefined, req.ctx);
      const needRole = op['x-voxanne-role'] ?? 'admin';
      const needScope = op['x-voxanne-scope'] ?? 'admin';
      if (principal.type === 'api_key') {
        const best = Math.max(...principal.scopes.map((s) => SCOPE_RANK[s]));
        if (best < SCOPE_RANK[needScope]) throw new ApiError(403, 'insufficient_scope', `This API key needs the "${needScope}" scope.`);
      } else if (ROLE_RANK[actor.role] < ROLE_RANK[needRole]) {
        throw forbidden(`This needs the ${needRole} role or higher.`);
      }
      req.ctx.actor = actor;
      next();
    } catch (err) {
      next(err);
    }
  };
}
