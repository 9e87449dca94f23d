/**
 * A TCP proxy in front of PostgreSQL that counts round trips from the outside: a round trip starts each
 * time the client speaks after the server has spoken (or for the first time). PostgreSQL flushes its output
 * before it waits for more input, so two messages the client did not send together show up as two trips.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RoundTripProxy {
  /** A connection URL like `target` but through the proxy. */
  url: string;
  /** Round trips over all connections so far. */
  readonly trips: number;
  close(): Promise<void>;
}

export async function startRoundTripProxy(target: string): Promise<RoundTripProxy> {
  const t = new URL(target);
  let trips = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(t.port || 5432), t.hostname);
    sockets.add(client).add(upstream);
    let clientTurn = false;
    client.on('data', (chunk) => {
      if (!clientTurn) trips++;
      clientTurn = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      clientTurn = false;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    get trips() {
      return trips;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
