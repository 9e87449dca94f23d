/**
 * The behaviour every EmailConnector must have. `delivered` lets the suite read back what the
 * connector handed over (the local outbox's store, a fake SMTP server's inbox), so "sent" is checked,
 * not assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from './rejection.ts';
import type { EmailConnector, EmailMessage } from '../email.ts';

export interface EmailConformanceContext {
  connector: EmailConnector;
  /** What reached the recipient's side for this address, oldest first. */
  delivered(to: string): Promise<EmailMessage[]>;
  teardown(): Promise<void>;
}


export function runEmailConformance(name: string, setup: () => Promise<EmailConformanceContext>): void {
  describe(`EmailConnector conformance: ${name}`, () => {
    let ctx: EmailConformanceContext;
    beforeAll(async () => {
      ctx = await setup();
    });
    afterAll(async () => {
      await ctx?.teardown();
    });

    it('has an id', () => {
      expect(ctx.connector.id).toMatch(/\S/);
    });

    it('sends a text message that arrives intact, with an id', async () => {
      const msg = { to: 'conformance-text@example.com', subject: 'Verify your email', text: 'Open https://example.com/verify?token=abc to continue.' };
      const { id } = await ctx.connector.send(msg);
      expect(id).toMatch(/\S/);
      const got = await ctx.delivered(msg.to);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject(msg);
    });

    it('keeps the html alternative', async () => {
      const msg = { to: 'conformance-html@example.com', subject: 'Hello', text: 'Plain', html: '<p>Rich</p>' };
      await ctx.connector.send(msg);
      expect((await ctx.delivered(msg.to))[0]).toMatchObject(msg);
    });

    it('gives each message its own id and delivers each', async () => {
      const to = 'conformance-two@example.com';
      const a = await ctx.connector.send({ to, subject: 'One', text: 'first' });
      const b = await ctx.connector.send({ to, subject: 'Two', text: 'second' });
      expect(a.id).not.toBe(b.id);
      expect((await ctx.delivered(to)).map((m) => m.subject)).toEqual(['One', 'Two']);
    });

    const bad: [string, EmailMessage][] = [
      ['a recipient that is not an address', { to: 'not-an-address', subject: 's', text: 't' }],
      ['an empty subject', { to: 'conformance-bad@example.com', subject: '  ', text: 't' }],
      ['a subject with a line break (header injection)', { to: 'conformance-bad@example.com', subject: 'Hi\r\nBcc: x@example.com', text: 't' }],
      ['an empty text body', { to: 'conformance-bad@example.com', subject: 's', text: '' }],
    ];
    for (const [what, msg] of bad) {
      it(`refuses ${what} as invalid_request and delivers nothing`, async () => {
        const err = await rejection(ctx.connector.send(msg));
        expect(err).toMatchObject({ code: 'invalid_request', retryable: false, connector: ctx.connector.id });
        expect(await ctx.delivered(msg.to)).toHaveLength(0);
      });
    }
  });
}
