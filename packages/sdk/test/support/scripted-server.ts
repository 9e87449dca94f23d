import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  /** Never answer: for timeouts. */
  | { hang: true }
  /** Send headers and part of a body, then stall: a timeout must cover the body too. */
  | { stallBody: true }
  /** Kill the socket without an answer: a network error. */
  | { destroy: true };

export interface ScriptedServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/**
 * A real HTTP server that answers each request from a script, so retries, timeouts and headers are tested
 * over real sockets with the real fetch rather than a mocked one. `script(req, n)` gets the 0-based index.
 */
export async function scriptedServer(script: (req: Recorded, n: number) => Reply): Promise<ScriptedServer> {
  const requests: Recorded[] = [];
  const server = createServer(async (req, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const recorded = { method: req.method!, url: req.url!, headers: req.headers, body };
    requests.push(recorded);
    const reply = script(recorded, requests.length - 1);
    if ('hang' in reply) return;
    if ('destroy' in reply) return void req.socket.destroy();
    if ('stallBody' in reply) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
      return;
    }
    const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const type = reply.json !== undefined ? (reply.status >= 400 ? 'application/problem+json' : 'application/json') : 'text/html';
    res.writeHead(reply.status, { ...(payload ? { 'content-type': type } : {}), ...reply.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `https://docs.voxanne.dev/errors/${code}`,
  title: 'Error',
  status,
  code,
  detail: `detail of ${code}`,
  request_id: `req_${code}`,
  ...extra,
});
