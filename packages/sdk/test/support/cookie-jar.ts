interface Cookie {
  value: string;
  httpOnly: boolean;
}

/**
 * A minimal cookie store with browser rules for one origin: Set-Cookie is stored, Max-Age=0 deletes,
 * HttpOnly cookies are sent but hidden from `document.cookie`. Node's fetch keeps no cookies, so
 * session (cookie) flows need this to run outside a browser.
 */
export class CookieJar {
  readonly #cookies = new Map<string, Cookie>();
  // Captured now, so a jar can back a replacement of globalThis.fetch without calling itself.
  readonly #send: typeof fetch;

  constructor(send: typeof fetch = globalThis.fetch) {
    this.#send = send;
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const lower = attrs.map((a) => a.toLowerCase());
      const expired =
        lower.some((a) => a === 'max-age=0') ||
        attrs.some((a) => a.toLowerCase().startsWith('expires=') && Date.parse(a.slice(8)) <= Date.now());
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, { value, httpOnly: lower.includes('httponly') });
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  /** What page script sees. */
  readable(): string {
    return [...this.#cookies].filter(([, c]) => !c.httpOnly).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  /** A fetch that sends and keeps this jar's cookies, to pass as the SDK's `fetch` option. */
  fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    const cookie = this.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await this.#send(new Request(request, { headers }));
    this.store(response);
    return response;
  };
}
