import type { CsrfTokenSource } from './options.js';

const CSRF_COOKIE = 'vox_csrf';

function fromCookie(): string | undefined {
  const doc = (globalThis as { document?: { cookie?: string } }).document;
  if (!doc?.cookie) return undefined;
  for (const part of doc.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Where the CSRF token for cookie-authenticated writes comes from. An explicit option wins; otherwise the token
 * the API handed out last (verifySignup, login, invite acceptance, `me`); otherwise the readable `vox_csrf` cookie,
 * which is what survives a page reload.
 */
export class CsrfState {
  #captured: string | undefined;
  readonly #source: CsrfTokenSource | undefined;

  constructor(source?: CsrfTokenSource) {
    this.#source = source;
  }

  remember(token: string | undefined): void {
    this.#captured = token;
  }

  async get(): Promise<string | undefined> {
    if (typeof this.#source === 'function') return (await this.#source()) ?? undefined;
    return this.#source ?? this.#captured ?? fromCookie();
  }
}
