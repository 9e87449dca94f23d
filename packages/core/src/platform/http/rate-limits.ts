/**
 * Where the request limits are spent. Every request under /v1 spends the IP's limit exactly once; one that
 * authenticates spends the principal's limit in the same round trip (authenticate calls spendRequestLimit
 * once it knows who is asking). A request that ends before that (bad input, failed authentication, unknown
 * route) spends the IP's limit on its way to the problem handler. An IP known to be over its limit is
 * refused at the door, before any work, until its window resets.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { limitHeaders, type LimitResult } from '../rate-limit.ts';
import { bindingLimit } from '../request-limit.ts';

const LIMITED = Symbol('rate limit spent');
const MAX_BLOCKED = 10_000;

type Blocked = Map<string, number>;
const blockedByDeps = new WeakMap<object, Blocked>();
const blockedOf = (deps: Deps): Blocked => {
  let b = blockedByDeps.get(deps.limiters);
  if (!b) blockedByDeps.set(deps.limiters, (b = new Map()));
  return b;
};

const ipOf = (req: Request) => req.ctx.ip ?? 'unknown';

function refuse(r: LimitResult): ApiError {
  return new ApiError(429, 'rate_limited', `Too many requests. Retry in ${r.resetSeconds} s.`, {}, { ...limitHeaders(r), 'Retry-After': String(r.resetSeconds) });
}

/** Mounted on /v1 first: refuses an IP this process already saw over its limit, with no Redis or database work. */
export function rateLimitGate(deps: Deps): RequestHandler {
  const blocked = blockedOf(deps);
  return (req, res, next) => {
    const until = blocked.get(ipOf(req));
    if (until !== undefined) {
      const left = until - Date.now();
      if (left > 0) return next(refuse({ limit: deps.limiters.requests.perIp, remaining: 0, resetSeconds: Math.ceil(left / 1000) }));
      blocked.delete(ipOf(req));
    }
    (req as unknown as Record<symbol, boolean>)[LIMITED] = false;
    next();
  };
}

/**
 * Spends this request's limits (the IP's, and the principal's when given) in one round trip, sets the
 * RateLimit headers of the binding one, and throws 429 when either is used up. At most once per request.
 */
export async function spendRequestLimit(deps: Deps, req: Request, res: Response, principal?: string): Promise<void> {
  const flags = req as unknown as Record<symbol, boolean | undefined>;
  if (flags[LIMITED] !== false) return;
  flags[LIMITED] = true;
  const spent = await deps.limiters.requests.spend(ipOf(req), principal);
  if (spent.ip.exceeded) {
    const blocked = blockedOf(deps);
    if (blocked.size >= MAX_BLOCKED) blocked.delete(blocked.keys().next().value!);
    blocked.set(ipOf(req), Date.now() + spent.ip.resetSeconds * 1000);
  }
  const binding = bindingLimit(spent);
  if (binding.exceeded) throw refuse(binding);
  for (const [k, v] of Object.entries(limitHeaders(binding))) res.setHeader(k, v);
}

/** Before the problem handler: a /v1 request refused before authentication still spends its IP's limit. */
export function spendLimitOnError(deps: Deps): ErrorRequestHandler {
  return (err, req, res, next) => {
    spendRequestLimit(deps, req, res).then(
      () => next(err),
      (limitErr) => next(limitErr instanceof ApiError && limitErr.status === 429 ? limitErr : err),
    );
  };
}

/** The 404 of an unknown route under /v1 spends the IP's limit the same way. */
export function spendLimitOnNotFound(deps: Deps): RequestHandler {
  return (req, res, next) => {
    spendRequestLimit(deps, req, res).then(() => next(), next);
  };
}
