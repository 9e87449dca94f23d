/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL that reaches a statement fails it, and the client got
 * a 500. This refuses one anywhere in a request (path, query string, JSON or form body, keys included) with
 * `400 invalid_text`, before validation and before any handler, so no route has to remember it.
 * Vendor voice messages never pass here (they are signed raw bytes): see withoutNul in voice-messages.ts.
 */
import type { RequestHandler } from 'express';
import { badRequest } from '../errors.ts';

const NUL = '\u0000';

/** JSON-pointer-ish path of the first string (value or key) holding a NUL, or null. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A NUL in a key is shown escaped: the answer is JSON, and the path is for humans.
      if (k.includes(NUL)) return `${path}/${k.replaceAll(NUL, '\\u0000')}`;
      const found = findNul(v, `${path}/${k}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A copy with every NUL removed from strings and keys: for signed vendor data we must keep, not refuse. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes(NUL) ? value.replaceAll(NUL, '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll(NUL, ''), withoutNul(v)])) as T;
  }
  return value;
}

const refuse = (path: string) =>
  badRequest('invalid_text', 'Text must not contain the NUL character (U+0000).', { errors: [{ path, message: 'contains U+0000' }] });

/** Mounted after the body parsers and before the OpenAPI validator. */
export function rejectNulText(): RequestHandler {
  return (req, _res, next) => {
    // %00 is the only way a URL carries a NUL (the HTTP parser refuses a raw one); %2500 is a literal "%00".
    const url = req.originalUrl;
    const q = url.indexOf('?');
    if (/%00/i.test(q < 0 ? url : url.slice(0, q))) return next(refuse('/path'));
    if (q >= 0 && /%00/i.test(url.slice(q))) return next(refuse('/query'));
    const found = findNul(req.body, '/body');
    next(found === null ? undefined : refuse(found));
  };
}
