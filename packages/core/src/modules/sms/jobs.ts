import type { Deps } from '../../platform/deps.ts';
import { registerInboxJob } from './inbound.ts';
import { protectStoredSms, SMS_PROTECT_JOB } from './protect-stored.ts';
import { registerDeliveryJob } from './service.ts';

export function registerSmsJobs(deps: Deps): void {
  registerDeliveryJob(deps);
  registerInboxJob(deps);
  deps.queue.process(SMS_PROTECT_JOB, async () => {
    // As the schema owner: it converts every org's rows, which the app role by design cannot see.
    const converted = await protectStoredSms({ db: await deps.db.owner(), keyring: deps.keyring });
    if (converted.messages || converted.inbox) deps.logger.info(converted, 'SMS rows from before body protection converted');
  });
}
