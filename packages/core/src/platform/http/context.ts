import type { Request } from 'express';
import { ApiError } from '../errors.ts';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type Scope = 'read' | 'write' | 'admin' | 'phi';

export const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export type Principal =
  | { type: 'api_key'; keyId: string; keyOrgId: string; scopes: Scope[]; mode: 'live' | 'test' }
  | { type: 'session'; userId: string; sessionId: string; csrfToken: string; mfaEnabled: boolean };

/** Who is acting, on which org, and from where. Services take this instead of the HTTP request. */
export interface Actor {
  orgId: string;
  role: Role;
  /**
   * Live or test mode (decision 0012): a `vox_test_` key is always test; a live key or a session is live
   * unless the request asks for test mode (`Voxanne-Mode: test`).
   */
  livemode: boolean;
  principal: Principal;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  principal?: Principal;
  actor?: Actor;
}

declare global {
  namespace Express {
    interface Request {
      ctx: RequestContext;
    }
  }
}

export function actorOf(req: Request): Actor {
  if (!req.ctx.actor) throw new ApiError(401, 'unauthenticated', 'Authentication is required.');
  return req.ctx.actor;
}

export function sessionOf(req: Request): Extract<Principal, { type: 'session' }> {
  const p = req.ctx.principal;
  if (p?.type !== 'session') throw new ApiError(401, 'session_required', 'This endpoint needs a dashboard session.');
  return p;
}

/** The OpenAPI operation the validator matched, with our x-voxanne-* extensions. */
export interface OperationMeta {
  operationId?: string;
  'x-voxanne-auth'?: 'none' | 'session' | 'optional-session' | 'required';
  'x-voxanne-role'?: Role;
  'x-voxanne-scope'?: Scope;
}

export function operationOf(req: Request): OperationMeta {
  const openapi = (req as unknown as { openapi?: { schema?: OperationMeta } }).openapi;
  return openapi?.schema ?? {};
}

/**
 * A test-mode request (a `vox_test_` key, or `Voxanne-Mode: test`): it never reaches a real vendor, and what
 * it creates carries `livemode: false`. Kept under its old name; prefer `!actor.livemode`.
 */
export const isTestKey = (actor: Actor): boolean => !actor.livemode;
