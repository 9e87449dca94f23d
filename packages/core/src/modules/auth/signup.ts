/**
 * Sign-up in two steps (issue #10 item 11, decision 0015): `startSignup` answers the same whether or not the
 * email has an account, and only the emailed token (`verifySignup`) creates the org, its owner and a session.
 * An existing account is told by email that someone tried, never by the API.
 */
import type { Deps } from '../../platform/deps.ts';
import { ApiError } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { randomToken, sha256Hex } from '../../platform/crypto/hash.ts';
import { hashPassword } from './passwords.ts';
import { findUserByEmail } from './repo.ts';
import { createAccount, type Origin } from './service.ts';
import { existingAccountEmail, verificationEmail } from './signup-emails.ts';

export const SIGNUP_TOKEN_TTL_MS = 24 * 3600_000;

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  org_name: string;
}

interface PendingSignupRow {
  email: string;
  token_hash: string;
  password_hash: string;
  name: string;
  org_name: string;
  expires_at: Date;
  created_at: Date;
}

const invalidToken = () => new ApiError(400, 'signup_token_invalid', 'This sign-up link is not valid. It may have been used already; sign in, or sign up again.');
const expiredToken = () => new ApiError(410, 'signup_token_expired', 'This sign-up link has expired. Sign up again to get a new one.');

/**
 * Throttled per address and per IP (the sign-in limiter helper), then the same work either way: the password
 * is hashed before the account is looked up, one transaction, one email after it commits, the same answer.
 */
export async function startSignup(deps: Deps, input: SignupInput, origin: Origin) {
  const email = input.email.trim().toLowerCase();
  const { signupPerEmail, signupPerIp } = deps.limiters;
  await signupPerEmail.consume(email, 'signup_throttled');
  await signupPerIp.consume(origin.ip ?? 'unknown', 'signup_throttled');

  const passwordHash = await hashPassword(input.password);
  const token = randomToken(32);
  const hasAccount = await inScope(deps.knex, { email }, async (tx) => {
    if (await findUserByEmail(tx, email)) return true;
    // A repeated sign-up replaces the pending one: the newest link and details win, the clock restarts.
    await tx.raw(
      `insert into pending_signups (email, token_hash, password_hash, name, org_name, expires_at, created_at)
       values (?, ?, ?, ?, ?, ?, now())
       on conflict (email) do update set token_hash = excluded.token_hash, password_hash = excluded.password_hash,
         name = excluded.name, org_name = excluded.org_name, expires_at = excluded.expires_at, created_at = now()`,
      [email, sha256Hex(token), passwordHash, input.name, input.org_name, new Date(Date.now() + SIGNUP_TOKEN_TTL_MS)],
    );
    return false;
  });

  const base = deps.config.publicUrl;
  const message = hasAccount ? existingAccountEmail(email, base) : verificationEmail(email, base, token, input.name);
  try {
    await deps.connectors.email().send(message);
  } catch (err) {
    // The answer must not differ, so a failed send is logged (without the address) and not reported.
    deps.logger.error({ err, requestId: origin.requestId }, 'sign-up email could not be sent');
  }
  return { object: 'signup' as const, status: 'verification_sent' as const, email, dev_mailbox: deps.config.email.devMailbox };
}

/** Takes the pending sign-up the token names, once: the row is deleted in the transaction that creates the account. */
async function takePending(tx: Tx, tokenHash: string): Promise<PendingSignupRow> {
  await tx.raw(`select set_config('app.signup_hash', ?, true)`, [tokenHash]);
  const [row] = (await tx('pending_signups').where({ token_hash: tokenHash }).del().returning('*')) as PendingSignupRow[];
  if (!row) throw invalidToken();
  if (row.expires_at.getTime() <= Date.now()) throw expiredToken();
  return row;
}

/**
 * Creates the account a verified token stands for. Unknown, used or raced (the email got an account since)
 * is `400 signup_token_invalid`, expired `410 signup_token_expired`; either way the transaction rolls back.
 */
export async function verifySignup(deps: Deps, token: string, origin: Origin) {
  const tokenHash = sha256Hex(token);
  try {
    return await inScope(deps.knex, {}, async (tx) => {
      const pending = await takePending(tx, tokenHash);
      await tx.raw(`select set_config('app.email', ?, true)`, [pending.email]);
      if (await findUserByEmail(tx, pending.email)) throw invalidToken();
      return createAccount(tx, deps, { email: pending.email, passwordHash: pending.password_hash, name: pending.name, org_name: pending.org_name }, origin);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) throw invalidToken();
    throw err;
  }
}
