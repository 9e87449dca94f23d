import { runSmsConformance } from '@voxanne/connector-kit/testing';
import { twilioConformanceContext } from '../src/testing/index.ts';

runSmsConformance('twilio (against fake Twilio)', { credentials: true, vendorFailures: true }, () => twilioConformanceContext());

runSmsConformance('twilio (fake with Advanced Opt-Out)', { credentials: false, vendorFailures: false }, () =>
  twilioConformanceContext({ advancedOptOut: true }),
);
