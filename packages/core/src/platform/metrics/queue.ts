import type { JobHandler, Queue } from '../queue/types.ts';
import type { Metrics } from './registry.ts';

/** The same queue, with every handler timed by job name and outcome. */
export function instrumentQueue(queue: Queue, metrics: Metrics): Queue {
  return {
    ...queue,
    process<T>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }) {
      queue.process<T>(
        name,
        async (job) => {
          const end = metrics.jobDuration.startTimer({ job: name });
          try {
            await handler(job);
            end({ outcome: 'completed' });
          } catch (err) {
            end({ outcome: 'failed' });
            throw err;
          }
        },
        opts,
      );
    },
  };
}
