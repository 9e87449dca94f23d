/**
 * Building blocks for fake vendor HTTP servers. Every connector is tested against a real
 * `node:http` server on 127.0.0.1 speaking the vendor's documented API, so the vendor SDK runs
 * unmodified (its URL building, headers, serialisation and error handling are all exercised).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON when the body is JSON, otherwise undefined. */
  body: unknown;
  /** Named segments of the matched route pattern (`/assistant/:id` -> { id }). */
  params: Record<string, string>;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServerOptions {
  /**
   * Runs before routing (after injected failures). Return a reply to reject the request,
   * e.g. a 401 for a bad API key; return undefined to let it through.
   */
  authorize?: (req: FakeRequest) => FakeReply | undefined;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order, including rejected ones. */
  readonly requests: FakeRequest[];
  route(method: string, pattern: string, handler: FakeHandler): void;
  /** The next `times` requests get `status` (with an optional JSON body) before auth and routing. */
  failNext(status: number, times?: number, json?: unknown): void;
  /** The next `times` requests have their socket destroyed without a response (network failure). */
  dropNext(times?: number): void;
  /** The next `times` requests are answered only after `ms` (for timeout tests). */
  delayNext(ms: number, times?: number): void;
  /** Requests matching method and path (pattern syntax as in route), oldest first. */
  find(method: string, pattern: string): FakeRequest[];
  close(): Promise<void>;
}

type Fault = { kind: 'fail'; status: number; json: unknown } | { kind: 'drop' } | { kind: 'delay'; ms: number };

interface Route {
  method: string;
  regex: RegExp;
  keys: string[];
  handler: FakeHandler;
}

function compile(pattern: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), keys };
}

function matchRoute(r: { regex: RegExp; keys: string[] }, path: string): Record<string, string> | undefined {
  const m = r.regex.exec(path);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
  return params;
}

function send(res: ServerResponse, reply: FakeReply): void {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Uint8Array = '';
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json';
  } else if (reply.body !== undefined) {
    payload = reply.body;
  }
  res.writeHead(status, headers);
  res.end(payload);
}

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const routes: Route[] = [];
  const requests: FakeRequest[] = [];
  const faults: Fault[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        if (rawBody && /json/i.test(req.headers['content-type'] ?? '')) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            body = undefined;
          }
        }
        const fr: FakeRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          rawBody,
          body,
          params: {},
        };
        requests.push(fr);

        const fault = faults.shift();
        if (fault?.kind === 'drop') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
        if (fault?.kind === 'fail') {
          send(res, { status: fault.status, json: fault.json ?? { message: `injected failure ${fault.status}` } });
          return;
        }

        const denied = opts.authorize?.(fr);
        if (denied) {
          send(res, denied);
          return;
        }
        for (const r of routes) {
          if (r.method !== fr.method) continue;
          const params = matchRoute(r, fr.path);
          if (!params) continue;
          fr.params = params;
          try {
            send(res, await r.handler(fr));
          } catch (e) {
            send(res, { status: 500, json: { message: `fake handler crashed: ${(e as Error).message}` } });
          }
          return;
        }
        send(res, { status: 404, json: { message: `fake: no route for ${fr.method} ${fr.path}` } });
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), ...compile(pattern), handler });
    },
    failNext(status, times = 1, json) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'fail', status, json });
    },
    dropNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'drop' });
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'delay', ms });
    },
    find(method, pattern) {
      const r = compile(pattern);
      return requests.filter((q) => q.method === method.toUpperCase() && matchRoute(r, q.path) !== undefined);
    },
    close() {
      return new Promise<void>((resolve) => {
        // SDK clients keep sockets alive; without this close() waits for them to idle out.
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** Case-insensitive single header value from a fake request. */
export function requestHeader(req: FakeRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a bearer token from `Authorization: Bearer <token>`. */
export function bearerToken(req: FakeRequest): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(requestHeader(req, 'authorization') ?? '');
  return m?.[1];
}
