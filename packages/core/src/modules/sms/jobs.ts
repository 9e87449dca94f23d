import type { Deps } from '../../platform/deps.ts';
import { registerInboxJob } from './inbound.ts';
import { registerDeliveryJob } from './service.ts';

export function registerSmsJobs(deps: Deps): void {
  registerDeliveryJob(deps);
  registerInboxJob(deps);
}
