/**
 * The embedded email connector: nothing leaves the machine. Each message goes into a store that core
 * provides (a table, so the API process and the worker see the same mail, and developers read it at
 * /dev/mail); the connector itself never touches a database or the environment.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, invalidEmailMessage, type EmailConnector, type EmailMessage } from '@voxanne/connector-kit';

export const LOCAL_EMAIL = 'local-email';

export interface LocalEmail extends EmailMessage {
  id: string;
  createdAt: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface EmailOutboxStore {
  put(email: LocalEmail): MaybePromise<void>;
}

export interface MemoryEmailOutbox extends EmailOutboxStore {
  /** Oldest first. */
  list(to?: string): LocalEmail[];
}

export function createMemoryEmailOutbox(): MemoryEmailOutbox {
  const emails: LocalEmail[] = [];
  return {
    put: (e) => void emails.push(e),
    list: (to) => emails.filter((e) => to === undefined || e.to === to),
  };
}

export function createLocalEmail(opts: { store: EmailOutboxStore }): EmailConnector {
  return {
    id: LOCAL_EMAIL,
    async send(message) {
      const invalid = invalidEmailMessage(message);
      if (invalid) throw new ConnectorError({ connector: LOCAL_EMAIL, code: 'invalid_request', message: invalid });
      const id = `em_${randomUUID()}`;
      const { to, subject, text, html } = message;
      await opts.store.put({ id, to, subject, text, ...(html !== undefined ? { html } : {}), createdAt: new Date().toISOString() });
      return { id };
    },
  };
}
