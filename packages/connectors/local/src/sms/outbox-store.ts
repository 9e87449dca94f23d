/**
 * Where the local SMS connector keeps messages and opt-outs. It is an interface so core can back
 * it with its own tables (and show the outbox in the API and portal); every method may return a
 * promise for that reason. `createMemorySmsOutbox()` is the in-memory default used in tests and dev.
 */
import { connectorErrorFromStatus, type ConnectorError, type SmsStatus } from '@voxanne/connector-kit';

type MaybePromise<T> = T | Promise<T>;

export interface LocalSmsMessage {
  id: string;
  direction: 'outbound' | 'inbound';
  from: string;
  to: string;
  body: string;
  /** Inbound messages are 'received'. */
  status: SmsStatus | 'received';
  statusCallbackUrl: string | null;
  errorCode: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SmsOutboxStore {
  /** Inserts or replaces by id. */
  put(message: LocalSmsMessage): MaybePromise<void>;
  get(id: string): MaybePromise<LocalSmsMessage | undefined>;
  /** The outbound message previously sent with this idempotency key, if any. */
  byIdempotencyKey(key: string): MaybePromise<LocalSmsMessage | undefined>;
  /** True when `to` has opted out of messages from `from` (or from every sender). */
  isBlocked(from: string, to: string): MaybePromise<boolean>;
  /** Records a STOP (blocked) or START (unblocked) for the pair; START also lifts a global block. */
  setBlocked(from: string, to: string, blocked: boolean): MaybePromise<void>;
  /** Optional fault injection: the next operation fails as the vendor would with this status. */
  takeFault?(connector: string): ConnectorError | undefined;
}

export interface MemorySmsOutbox extends SmsOutboxStore {
  /** Insertion-ordered; newest last. */
  readonly messages: Map<string, LocalSmsMessage>;
  list(): LocalSmsMessage[];
  /** Blocks `number` from every sender, as if it had replied STOP earlier. */
  optOut(number: string): void;
  /** Make the next `times` operations fail as if the vendor answered `status`. */
  failNext(status: number, times?: number): void;
  takeFault(connector: string): ConnectorError | undefined;
}

const ANY_SENDER = '*';

export function createMemorySmsOutbox(): MemorySmsOutbox {
  const messages = new Map<string, LocalSmsMessage>();
  const blocked = new Set<string>();
  const faults: number[] = [];
  const pair = (from: string, to: string) => `${from}|${to}`;
  return {
    messages,
    list: () => [...messages.values()],
    put(m) {
      messages.set(m.id, { ...m });
    },
    get(id) {
      const m = messages.get(id);
      return m && { ...m };
    },
    byIdempotencyKey(key) {
      for (const m of messages.values()) if (m.direction === 'outbound' && m.idempotencyKey === key) return { ...m };
      return undefined;
    },
    isBlocked: (from, to) => blocked.has(pair(ANY_SENDER, to)) || blocked.has(pair(from, to)),
    setBlocked(from, to, isBlocked) {
      if (isBlocked) blocked.add(pair(from, to));
      else {
        blocked.delete(pair(from, to));
        blocked.delete(pair(ANY_SENDER, to));
      }
    },
    optOut(number) {
      blocked.add(pair(ANY_SENDER, number));
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push(status);
    },
    takeFault(connector) {
      const status = faults.shift();
      if (status === undefined) return undefined;
      return connectorErrorFromStatus({ connector, status, message: `${connector}: injected failure ${status}` });
    },
  };
}
