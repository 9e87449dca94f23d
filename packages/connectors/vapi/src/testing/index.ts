export { startFakeVapi, sendServerMessage, type FakeVapi, type FakeVapiOptions, type DeliveryResult } from './fake-vapi.ts';
export { encodeVapiServerMessage } from './encode.ts';
export { signWithHmacPlan, type SignInput } from './sign-plan.ts';
export { vapiConformanceContext } from './conformance.ts';
