import { createInProcessQueue } from '../../../src/platform/queue/in-process.ts';
import { describeQueueContract } from './contract.ts';

describeQueueContract('in-process', (logger) => createInProcessQueue({ logger }));
