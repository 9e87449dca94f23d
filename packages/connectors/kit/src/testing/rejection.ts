import { expect } from 'vitest';
import { ConnectorError } from '../errors.ts';

/** Awaits a call that must fail the way every connector fails: with a ConnectorError, which it returns. */
export async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected the call to reject with a ConnectorError, but it resolved');
}
