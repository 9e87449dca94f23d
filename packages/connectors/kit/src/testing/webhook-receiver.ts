/**
 * A stand-in for our own webhook endpoint: a real HTTP server that records what a fake vendor
 * POSTs to it. Conformance suites hand its URL to the vendor (status callback, push address) so
 * signatures are checked on requests that really went over the wire, exactly as core would see them.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  /** The full URL as requested: `http://127.0.0.1:<port>` + path + query. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as application/x-www-form-urlencoded (empty for other bodies). */
  params: Record<string, string>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /**
   * The oldest request matching `match` that no earlier waitFor returned, waiting for it if it has
   * not arrived yet. `timeoutMs` only turns a missing delivery into a readable failure.
   */
  waitFor(match?: (r: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(opts: { status?: number } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const taken = new Set<ReceivedWebhook>();
  let waiters: { match: (r: ReceivedWebhook) => boolean; resolve: (r: ReceivedWebhook) => void }[] = [];
  let origin = '';

  const offer = (r: ReceivedWebhook) => {
    const w = waiters.find((x) => x.match(r));
    if (!w) return;
    taken.add(r);
    waiters = waiters.filter((x) => x !== w);
    w.resolve(r);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const isForm = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
      const r: ReceivedWebhook = {
        method: req.method ?? 'POST',
        url: `${origin}${req.url ?? '/'}`,
        headers: req.headers,
        rawBody,
        params: isForm ? Object.fromEntries(new URLSearchParams(rawBody)) : {},
      };
      received.push(r);
      res.writeHead(opts.status ?? 200, { 'content-type': 'text/xml' });
      res.end('<Response/>');
      offer(r);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    received,
    waitFor(match = () => true, timeoutMs = 5000) {
      const ready = received.find((r) => !taken.has(r) && match(r));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((x) => x.resolve !== done);
          reject(new Error(`webhook receiver: no matching delivery within ${timeoutMs} ms (got ${received.length} in total)`));
        }, timeoutMs);
        const done = (r: ReceivedWebhook) => {
          clearTimeout(timer);
          resolve(r);
        };
        waiters.push({ match, resolve: done });
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
