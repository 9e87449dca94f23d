import { runCalendarConformance } from '@voxanne/connector-kit/testing';
import { googleCalendarConformanceContext } from '../src/testing/index.ts';

runCalendarConformance('google-calendar (against fake Google)', { credentials: true, vendorFailures: true }, () => googleCalendarConformanceContext());
