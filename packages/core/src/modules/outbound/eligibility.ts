/**
 * May this number be called? Asked when a call or campaign is created and again right before dialling.
 * Consent `unknown` is callable: a clinic calls back patients who reached out to it, and the contract only
 * forbids calling a contact who revoked consent. The do-not-call list wins over any consent.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import { isDoNotCall } from './dnc.ts';

export type CallBlock = 'dnc_listed' | 'consent_revoked';

export async function callBlock(tx: Tx, phone: string): Promise<CallBlock | null> {
  if (await isDoNotCall(tx, phone)) return 'dnc_listed';
  const contact: { consent_status: string } | undefined = await tx('contacts').where({ phone }).first('consent_status');
  return contact?.consent_status === 'revoked' ? 'consent_revoked' : null;
}

export const BLOCK_MESSAGES: Record<CallBlock, string> = {
  dnc_listed: 'This number is on the do-not-call list.',
  consent_revoked: 'This contact has revoked consent to be called.',
};
