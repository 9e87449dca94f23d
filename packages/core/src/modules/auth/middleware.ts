import type { RequestHandler } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { ApiError, forbidden } from '../../platform/errors.ts';
import { timingSafeEqualStr } from '../../platform/crypto/hash.ts';
import { spendRequestLimit } from '../../platform/http/rate-limits.ts';
import { operationOf, ROLE_RANK, type Scope } from '../../platform/http/context.ts';
import { withLivemode } from '../../platform/db/livemode.ts';
import { authenticateApiKey, keyHasScope } from '../api-keys/index.ts';
import { authenticateSession } from './sessions.ts';
import { resolveActor, type RequestedMode } from './actor.ts';

export const SESSION_COOKIE = 'vox_session';
export const CSRF_COOKIE = 'vox_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `Voxanne-Mode: live | test` (decision 0012); anything else is a client error, not a silent live request. */
function requestedMode(header: string | undefined): RequestedMode {
  if (header === undefined || header === '') return undefined;
  const mode = header.trim().toLowerCase();
  if (mode === 'live' || mode === 'test') return mode;
  throw new ApiError(400, 'invalid_mode', 'Voxanne-Mode must be "live" or "test".');
}

function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/**
 * Authentication, rate limits (per IP and per principal), CSRF, org resolution and authorisation, driven by the
 * x-voxanne-* extensions of the matched OpenAPI operation so the spec is the one place they are declared.
 */
export function authenticate(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    try {
      const op = operationOf(req);
      const mode = op['x-voxanne-auth'] ?? 'required';
      if (mode === 'none') {
        await spendRequestLimit(deps, req, res);
        return next();
      }

      const authz = req.get('authorization');
      const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (authz) {
        const token = bearer(authz);
        if (!token) throw new ApiError(401, 'invalid_api_key', 'Send the API key as "Authorization: Bearer <key>".');
        req.ctx.principal = await authenticateApiKey(deps.db, token);
      } else if (cookie) {
        req.ctx.principal = await authenticateSession(deps.knex, deps.config, cookie).catch((err) => {
          if (mode === 'optional-session') return undefined;
          throw err;
        });
      } else if (mode !== 'optional-session') {
        throw new ApiError(401, 'unauthenticated', 'Authentication is required: an API key or a session.');
      }
      const principal = req.ctx.principal;
      // The IP's limit and the principal's, in one round trip (a failure on the way spends the IP's alone).
      await spendRequestLimit(deps, req, res, principal ? (principal.type === 'api_key' ? principal.keyId : principal.userId) : undefined);
      if (!principal) return next();

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

      const actor = await resolveActor(deps.knex, principal, req.get('voxanne-org') || undefined, req.ctx, requestedMode(req.get('voxanne-mode')));
      const needRole = op['x-voxanne-role'] ?? 'admin';
      const needScope = op['x-voxanne-scope'] ?? 'admin';
      if (principal.type === 'api_key') {
        if (!keyHasScope(principal.scopes, needScope)) {
          const named = needScope === 'phi' ? 'the "phi" or "admin" scope' : `the "${needScope}" scope or higher`;
          throw new ApiError(403, 'insufficient_scope', `This API key needs ${named}.`);
        }
      } else if (ROLE_RANK[actor.role] < ROLE_RANK[needRole]) {
        throw forbidden(`This needs the ${needRole} role or higher.`);
      }
      req.ctx.actor = actor;
      // Everything the request does from here runs in its mode: every transaction, every connector choice.
      withLivemode(actor.livemode, next);
    } catch (err) {
      next(err);
    }
  };
}
