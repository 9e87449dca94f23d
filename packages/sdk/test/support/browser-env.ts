/**
 * Loaded with `node --import` before a README `ts browser` block: what a page served from VOXANNE_BASE_URL
 * has that Node lacks. `location`, a cookie store that fetch uses by the browser's rules (cookies go along
 * for same-origin requests unless credentials is 'omit', and cross-origin only with 'include') and a
 * `document.cookie` that shows the non-httpOnly ones, such as `vox_csrf`.
 */
import { CookieJar } from './cookie-jar.ts';

const origin = new URL(process.env.VOXANNE_BASE_URL!).origin;
const nodeFetch = globalThis.fetch;
const jar = new CookieJar(nodeFetch);

Object.defineProperty(globalThis, 'location', { value: new URL(`${origin}/`), configurable: true });
Object.defineProperty(globalThis, 'document', {
  value: {
    get cookie() {
      return jar.readable();
    },
  },
  configurable: true,
});

globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const sameOrigin = new URL(request.url).origin === origin;
  const credentials = init?.credentials ?? request.credentials;
  const withCookies = credentials === 'include' || (credentials !== 'omit' && sameOrigin);
  return withCookies ? jar.fetch(request) : nodeFetch(request);
};
