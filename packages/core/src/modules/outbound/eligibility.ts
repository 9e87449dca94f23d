/**
 * May this number be called? Asked when a call or campaign is created, when a campaign target's turn comes
 * and again right before dialling. The do-not-call list wins over any consent. A single call may reach a
 * contact whose consent is `unknown` (a clinic calls back patients who reached out to it); a campaign needs
 * `granted` (the contract's ConsentStatus), and `revoked` stops both.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import { isDoNotCall } from './dnc.ts';

export type CallBlock = 'dnc_listed' | 'consent_revoked' | 'consent_not_granted';

export type CallPurpose = 'single' | 'campaign';

export async function callBlock(tx: Tx, phone: string, purpose: CallPurpose = 'single'): Promise<CallBlock | null> {
  if (await isDoNotCall(tx, phone)) return 'dnc_listed';
  const contact: { consent_status: string } | undefined = await tx('contacts').where({ phone }).first('consent_status');
  return consentBlock(contact?.consent_status ?? 'unknown', purpose);
}

/** The consent half of callBlock, for callers that already hold the contact's consent. */
export function consentBlock(consent: string, purpose: CallPurpose): CallBlock | null {
  if (consent === 'revoked') return 'consent_revoked';
  if (purpose === 'campaign' && consent !== 'granted') return 'consent_not_granted';
  return null;
}

/** The campaign target status a block settles a target in. */
export const skippedStatus = (block: CallBlock) => (block === 'dnc_listed' ? 'skipped_dnc' : 'skipped_consent');

export const isCallBlock = (reason: string): reason is CallBlock => Object.hasOwn(BLOCK_MESSAGES, reason);

export const BLOCK_MESSAGES: Record<CallBlock, string> = {
  dnc_listed: 'This number is on the do-not-call list.',
  consent_revoked: 'This contact has revoked consent to be called.',
  consent_not_granted: 'A campaign calls only contacts whose consent is granted.',
};
