// The behaviour every Queue implementation must share. Waits poll for a state (vi.waitFor);
// short sleeps only give a broken implementation the chance to misbehave, nothing asserts
// how long anything took.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobContext, Queue, QueueLogger } from '../../../src/platform/queue/types.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

export type QueueFactory = (logger: QueueLogger) => Queue;

const WAIT = { timeout: 15_000, interval: 20 };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

export function describeQueueContract(label: string, factory: QueueFactory): void {
  describe(`Queue contract: ${label}`, { timeout: 30_000 }, () => {
    let queue: Queue | undefined;
    let logs: LogEntry[];

    function make(): Queue {
      logs = [];
      const logger: QueueLogger = {
        info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
        warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
        error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
      };
      queue = factory(logger);
      return queue;
    }

    afterEach(async () => {
      await queue?.drain();
      queue = undefined;
    });

    it('runs a job with its data, name, id and a 1-based attempt', async () => {
      const q = make();
      const seen: JobContext<{ patient: string }>[] = [];
      q.process<{ patient: string }>('greet', async (job) => {
        seen.push(job);
      });
      await q.start();
      const { id, deduplicated } = await q.add('greet', { patient: 'pt_1' });
      expect(deduplicated).toBe(false);
      await vi.waitFor(() => expect(seen).toHaveLength(1), WAIT);
      expect(seen[0]).toEqual({ id, name: 'greet', data: { patient: 'pt_1' }, attempt: 1 });
      await vi.waitFor(async () => expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 }), WAIT);
    });

    it('does not consume before start(), so a web process can add without working', async () => {
      const q = make();
      const ran: number[] = [];
      q.process<number>('count', async (job) => {
        ran.push(job.data);
      });
      await q.add('count', 1);
      await q.add('count', 2);
      await sleep(150);
      expect(ran).toEqual([]);
      expect(await q.counts()).toMatchObject({ waiting: 2, active: 0 });
      await q.start();
      await vi.waitFor(() => expect(ran.sort()).toEqual([1, 2]), WAIT);
    });

    it('runs a job once when added twice with the same jobId, also after it completed', async () => {
      const q = make();
      const ran: string[] = [];
      q.process<string>('sync', async (job) => {
        ran.push(`${job.id}:${job.data}`);
      });
      const first = await q.add('sync', 'a', { jobId: 'sync-bk_1' });
      const second = await q.add('sync', 'b', { jobId: 'sync-bk_1' });
      expect(first).toEqual({ id: 'sync-bk_1', deduplicated: false });
      expect(second).toEqual({ id: 'sync-bk_1', deduplicated: true });
      expect((await q.counts()).waiting).toBe(1);

      await q.start();
      await vi.waitFor(() => expect(ran).toEqual(['sync-bk_1:a']), WAIT);
      expect(await q.add('sync', 'c', { jobId: 'sync-bk_1' })).toEqual({ id: 'sync-bk_1', deduplicated: true });
      // With concurrency 1 and FIFO order, a wrongly enqueued duplicate would run before this sentinel.
      await q.add('sync', 'sentinel', { jobId: 'sync-sentinel' });
      await vi.waitFor(() => expect(ran).toContain('sync-sentinel:sentinel'), WAIT);
      expect(ran).toEqual(['sync-bk_1:a', 'sync-sentinel:sentinel']);
    });

    it('scopes jobIds per job name', async () => {
      const q = make();
      expect((await q.add('a', 1, { jobId: 'same' })).deduplicated).toBe(false);
      expect((await q.add('b', 1, { jobId: 'same' })).deduplicated).toBe(false);
      expect((await q.counts()).waiting).toBe(2);
    });

    it('rejects job ids BullMQ cannot store', async () => {
      const q = make();
      await expect(q.add('x', 1, { jobId: 'has:colon' })).rejects.toThrow(/':'/);
      await expect(q.add('x', 1, { jobId: '42' })).rejects.toThrow(/integer/);
      await expect(q.add('bad:name', 1)).rejects.toThrow(/job name/);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const q = make();
      const attempts: number[] = [];
      let done = false;
      q.process('flaky', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`transient ${job.attempt}`);
        done = true;
      });
      await q.start();
      await q.add('flaky', { secret: 'PHI-DOB-1970' }, { attempts: 5, backoffMs: 20 });
      await vi.waitFor(() => expect(done).toBe(true), WAIT);
      expect(attempts).toEqual([1, 2, 3]);
      await vi.waitFor(async () => expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 }), WAIT);
      const warns = logs.filter((l) => l.level === 'warn' && l.msg === 'job failed, will retry');
      expect(warns.map((l) => l.obj)).toMatchObject([
        { job: 'flaky', attempt: 1, err: 'transient 1' },
        { job: 'flaky', attempt: 2, err: 'transient 2' },
      ]);
      expect(JSON.stringify(logs)).not.toContain('PHI-DOB-1970');
    });

    it('keeps a failing job delayed while it backs off', async () => {
      const q = make();
      const attempts: number[] = [];
      q.process('slow-retry', async (job) => {
        attempts.push(job.attempt);
        throw new Error('down');
      });
      await q.start();
      await q.add('slow-retry', {}, { attempts: 3, backoffMs: 60_000 });
      await vi.waitFor(async () => expect(await q.counts()).toMatchObject({ delayed: 1, active: 0, failed: 0 }), WAIT);
      await sleep(200);
      expect(attempts).toEqual([1]);
      expect(await q.counts()).toMatchObject({ delayed: 1, active: 0, failed: 0 });
    });

    it('leaves a job in the failed set after its last attempt, logged without its data', async () => {
      const q = make();
      const attempts: number[] = [];
      q.process('doomed', async (job) => {
        attempts.push(job.attempt);
        throw new Error('vendor rejected');
      });
      await q.start();
      await q.add('doomed', { ssn: 'PHI-SSN-123' }, { jobId: 'doomed-1', attempts: 3, backoffMs: 10 });
      await vi.waitFor(async () => expect((await q.counts()).failed).toBe(1), WAIT);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });

      // BullMQ emits its 'failed' event just after the job lands in the failed set.
      const errors = () => logs.filter((l) => l.level === 'error');
      await vi.waitFor(() => expect(errors()).toHaveLength(1), WAIT);
      expect(errors()[0]!.obj).toMatchObject({ job: 'doomed', jobId: 'doomed-1', attempt: 3, err: 'vendor rejected' });
      expect(JSON.stringify(logs)).not.toContain('PHI-SSN-123');

      // Still remembered, so a redelivered event does not run it again.
      expect(await q.add('doomed', {}, { jobId: 'doomed-1' })).toEqual({ id: 'doomed-1', deduplicated: true });
    });

    it('holds a delayed job until its delay has passed', async () => {
      const q = make();
      const ran: string[] = [];
      q.process<string>('remind', async (job) => {
        ran.push(job.data);
      });
      await q.start();
      await q.add('remind', 'later', { delayMs: 60_000 });
      await q.add('remind', 'soon', { delayMs: 50 });
      await q.add('remind', 'now');
      await vi.waitFor(() => expect(ran).toEqual(expect.arrayContaining(['now', 'soon'])), WAIT);
      expect(ran).not.toContain('later');
      expect(await q.counts()).toMatchObject({ delayed: 1, waiting: 0 });
    });

    it('remove() cancels a delayed job', async () => {
      const q = make();
      const ran: string[] = [];
      q.process<string>('reminder', async (job) => {
        ran.push(job.data);
      });
      await q.start();
      await q.add('reminder', 'cancelled', { jobId: 'reminder-bk_9', delayMs: 300 });
      expect((await q.counts()).delayed).toBe(1);
      expect(await q.remove('reminder-bk_9')).toBe(true);
      expect(await q.counts()).toMatchObject({ delayed: 0, waiting: 0 });
      expect(await q.remove('reminder-bk_9')).toBe(false);
      expect(await q.remove('never-added')).toBe(false);

      // A later sentinel proves the removed job's time came and went without it running.
      await q.add('reminder', 'sentinel', { delayMs: 600 });
      await vi.waitFor(() => expect(ran).toEqual(['sentinel']), WAIT);
      // Removal frees the id for a fresh booking reminder.
      expect((await q.add('reminder', 'again', { jobId: 'reminder-bk_9', delayMs: 60_000 })).deduplicated).toBe(false);
    });

    it('drain() waits for an in-flight job and then refuses new ones', async () => {
      const q = make();
      const release = gate();
      const events: string[] = [];
      q.process('long', async () => {
        events.push('started');
        await release.opened;
        events.push('finished');
      });
      await q.start();
      await q.add('long', {});
      await vi.waitFor(() => expect(events).toEqual(['started']), WAIT);

      const drained = q.drain().then(() => events.push('drained'));
      await sleep(200);
      expect(events).toEqual(['started']);
      release.open();
      await drained;
      expect(events).toEqual(['started', 'finished', 'drained']);
      await expect(q.add('long', {})).rejects.toThrow(/draining/);
    });

    it('honours the concurrency of a handler', async () => {
      const q = make();
      const release = gate();
      let active = 0;
      let maxActive = 0;
      let finished = 0;
      q.process(
        'parallel',
        async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await release.opened;
          active--;
          finished++;
        },
        { concurrency: 3 },
      );
      await q.start();
      for (let i = 0; i < 7; i++) await q.add('parallel', i);
      await vi.waitFor(() => expect(active).toBe(3), WAIT);
      await sleep(200);
      expect(maxActive).toBe(3);
      expect(await q.counts()).toMatchObject({ active: 3, waiting: 4 });
      release.open();
      await vi.waitFor(() => expect(finished).toBe(7), WAIT);
      expect(maxActive).toBe(3);
    });
  });
}
