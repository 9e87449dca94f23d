/**
 * The OpenAPI validator (express-openapi-validator): request validation always, response validation unless
 * VALIDATE_RESPONSES=false (tests keep it on: a response that breaks the contract fails the test). It
 * compiles one Ajv validator per operation, on first use, and caches it.
 *
 * What it does not cache is its route lookup: for every request it compiles a path-to-regexp regex for
 * every route of the contract (~80 here) before it finds the match, which was the largest single cost of
 * an API request in the profile. Compiling a route template always gives the same regex, so the compiler
 * it calls is memoized (see memoizeRouteRegexes); the lookup is then one regex exec per route.
 */
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Config } from '../../config.ts';
import { loadSpec } from './spec.ts';

const API_PATH = /^\/(v1\/|health$|ready$)/;
const MAX_ROUTES = 10_000;

type PathToRegexp = (path: unknown, opts?: Record<string, unknown>) => unknown;

/**
 * path-to-regexp as the validator requires it (the same module instance express's router uses, which only
 * compiles at route definition). Idempotent. Results are never mutated by callers: a regex without the g
 * flag keeps no state between exec calls, and the keys array is only read.
 */
function memoizeRouteRegexes(): void {
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const mod = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp & { memoized?: true } };
  if (mod.pathToRegexp.memoized) return;
  const compile = mod.pathToRegexp;
  const cache = new Map<string, unknown>();
  const memo: PathToRegexp & { memoized?: true } = (path, opts) => {
    if (typeof path !== 'string') return compile(path, opts);
    const o = opts ?? {};
    const key = `${path}\u0000${o.sensitive}\u0000${o.strict}\u0000${o.end}\u0000${o.trailing}\u0000${o.delimiter}\u0000${o.start}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = compile(path, opts);
      if (cache.size < MAX_ROUTES) cache.set(key, hit);
    }
    return hit;
  };
  memo.memoized = true;
  mod.pathToRegexp = memo;
}

export function openApiValidator(config: Pick<Config, 'validateResponses'>): RequestHandler[] {
  memoizeRouteRegexes();
  return OpenApiValidator.middleware({
    apiSpec: structuredClone(loadSpec()) as never,
    validateApiSpec: true,
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true, removeAdditional: false },
    validateResponses: config.validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    ignorePaths: (path: string) => !API_PATH.test(path),
  }) as RequestHandler[];
}
