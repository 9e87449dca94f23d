import { describe, expect, it } from 'vitest';
import { ConnectorError, createResilience, withResilience } from '../src/index.ts';

const transient = () => new ConnectorError({ connector: 'v', code: 'vendor_unavailable', message: '503', status: 503 });
const permanent = () => new ConnectorError({ connector: 'v', code: 'invalid_request', message: '400', status: 400 });
const fast = { backoff: { initialDelayMs: 1, maxDelayMs: 2 } };

describe('createResilience', () => {
  it('retries retryable ConnectorErrors up to maxAttempts in total', async () => {
    const r = createResilience({ ...fast, maxAttempts: 3, breaker: { consecutiveFailures: 100 } });
    const attempts: number[] = [];
    await expect(
      r.execute(async ({ attempt }) => {
        attempts.push(attempt);
        throw transient();
      }),
    ).rejects.toMatchObject({ code: 'vendor_unavailable' });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('returns the first success', async () => {
    const r = createResilience({ ...fast, maxAttempts: 5 });
    let n = 0;
    await expect(
      r.execute(async () => {
        n++;
        if (n < 3) throw transient();
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(n).toBe(3);
  });

  it('does not retry non-retryable or foreign errors', async () => {
    const r = createResilience({ ...fast, maxAttempts: 5 });
    let n = 0;
    await expect(r.execute(async () => (n++, Promise.reject(permanent())))).rejects.toMatchObject({ code: 'invalid_request' });
    expect(n).toBe(1);
    await expect(r.execute(async () => (n++, Promise.reject(new TypeError('bug'))))).rejects.toBeInstanceOf(TypeError);
    expect(n).toBe(2);
  });

  it('times out each attempt as a retryable ConnectorError and aborts the signal', async () => {
    const r = createResilience({ ...fast, timeoutMs: 30, maxAttempts: 2, connector: 'slowvendor' });
    const signals: AbortSignal[] = [];
    const err = await r
      .execute(({ signal }) => {
        signals.push(signal);
        return new Promise(() => {}); // never settles
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'timeout', retryable: true, connector: 'slowvendor' });
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('opens after consecutive transient failures, fails fast with circuit_open, then half-opens', async () => {
    const r = createResilience({ ...fast, maxAttempts: 1, connector: 'vapi', breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60 } });
    const states: string[] = [];
    r.onStateChange((s) => states.push(s));
    let calls = 0;
    const failing = async () => {
      calls++;
      throw transient();
    };
    await expect(r.execute(failing)).rejects.toMatchObject({ code: 'vendor_unavailable' });
    expect(r.state).toBe('closed');
    await expect(r.execute(failing)).rejects.toMatchObject({ code: 'vendor_unavailable' });
    expect(r.state).toBe('open');

    const open = await r.execute(failing).catch((e: unknown) => e);
    expect(open).toBeInstanceOf(ConnectorError);
    expect(open).toMatchObject({ code: 'circuit_open', retryable: true, connector: 'vapi' });
    expect(calls).toBe(2); // the vendor was not called while open

    await new Promise((res) => setTimeout(res, 80));
    await expect(r.execute(async () => 'back')).resolves.toBe('back');
    expect(r.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('does not count 4xx towards opening the breaker, and does not retry circuit_open', async () => {
    const r = createResilience({ ...fast, maxAttempts: 3, breaker: { consecutiveFailures: 1, halfOpenAfterMs: 10_000 } });
    for (let i = 0; i < 3; i++) await expect(r.execute(async () => Promise.reject(permanent()))).rejects.toBeTruthy();
    expect(r.state).toBe('closed');
    let calls = 0;
    await expect(r.execute(async () => (calls++, Promise.reject(transient())))).rejects.toMatchObject({ code: 'circuit_open' });
    // First attempt failed and opened the breaker; the retries hit the open breaker and stopped.
    expect(calls).toBe(1);
    expect(r.state).toBe('open');
  });
});

describe('withResilience', () => {
  it('wraps only the listed async methods and keeps everything else', async () => {
    let n = 0;
    const target = {
      id: 'thing',
      sync: () => 'sync',
      async flaky() {
        n++;
        if (n < 2) throw transient();
        return `ok from ${this.id}`;
      },
    };
    const wrapped = withResilience(target, createResilience({ ...fast, maxAttempts: 3 }), ['flaky']);
    expect(wrapped.id).toBe('thing');
    expect(wrapped.sync()).toBe('sync');
    await expect(wrapped.flaky()).resolves.toBe('ok from thing');
    expect(n).toBe(2);
  });
});
