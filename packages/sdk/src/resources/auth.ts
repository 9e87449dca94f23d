import * as api from '../generated/sdk.gen.js';
import type { AuthResult, DevEmail, DisableMfaData, ListDevEmailsData, SignupPending, VerifySignupData, EnrollMfaResponse, ListSessionsData, LoginData, Me, Session, SessionId, SignupData, VerifyMfaData, VerifyMfaResponse } from '../generated/types.gen.js';
import { ApiPromise, call, callVoid } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import { rememberCsrf } from './remember-csrf.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** TOTP multi-factor authentication of the signed-in user. */
export class Mfa {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** A new TOTP secret and its `otpauth://` URI; MFA is on only after `verify`. */
  enroll(options?: RequestOptions): ApiPromise<EnrollMfaResponse> {
    return call(api.enrollMfa(this.#ctx.request(options)));
  }

  /** Confirms enrollment with a code; returns ten one-time recovery codes, shown once. */
  verify(body: VerifyMfaData['body'], options?: RequestOptions): ApiPromise<VerifyMfaResponse> {
    return call(api.verifyMfa({ ...this.#ctx.request(options), body }));
  }

  disable(body: DisableMfaData['body'], options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.disableMfa({ ...this.#ctx.request(options), body }));
  }
}

/** The signed-in user's sessions (devices). */
export class Sessions {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  list(query: NonNullable<ListSessionsData['query']> = {}, options?: RequestOptions): Paginated<Session> {
    return paginate(query, (q) => call(api.listSessions({ ...this.#ctx.request(options), query: q })));
  }

  revoke(sessionId: SessionId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.revokeSession({ ...this.#ctx.request(options), path: { session_id: sessionId } }));
  }
}

/** Dashboard sign-up, sign-in and session endpoints. They use the session cookie, not API keys. */
export class Auth {
  readonly #ctx: Context;
  readonly mfa: Mfa;
  readonly sessions: Sessions;

  constructor(ctx: Context) {
    this.#ctx = ctx;
    this.mfa = new Mfa(ctx);
    this.sessions = new Sessions(ctx);
  }

  /**
   * Starts a sign-up: the API mails a single-use verification link (valid 24 hours) and answers the same
   * whether or not the email already has an account. Finish with `verifySignup({ token })`.
   */
  signup(body: SignupData['body'], options?: RequestOptions): ApiPromise<SignupPending> {
    return call(api.signup({ ...this.#ctx.request(options), body }));
  }

  /** Finishes a sign-up with the emailed token: creates the org, its owner and a session (the cookie is set by the response). */
  verifySignup(body: VerifySignupData['body'], options?: RequestOptions): ApiPromise<AuthResult> {
    return rememberCsrf(this.#ctx, call(api.verifySignup({ ...this.#ctx.request(options), body })));
  }

  /** Development only: the newest mail of the local email connector (404 in production or with a real connector). */
  devEmails(query: NonNullable<ListDevEmailsData['query']> = {}, options?: RequestOptions): ApiPromise<{ data: DevEmail[] }> {
    return call(api.listDevEmails({ ...this.#ctx.request(options), query }));
  }

  /** With MFA on and no code, fails with AuthenticationError code `mfa_required`; send again with `mfa_code`. */
  login(body: LoginData['body'], options?: RequestOptions): ApiPromise<AuthResult> {
    return rememberCsrf(this.#ctx, call(api.login({ ...this.#ctx.request(options), body })));
  }

  logout(options?: RequestOptions): ApiPromise<void> {
    const result = callVoid(api.logout(this.#ctx.request(options)));
    return new ApiPromise(
      result.withResponse().then((r) => {
        this.#ctx.csrf.remember(undefined);
        return r;
      }),
    );
  }

  /** The signed-in user, their memberships and the current session. Also refreshes the CSRF token after a reload. */
  me(options?: RequestOptions): ApiPromise<Me> {
    return rememberCsrf(this.#ctx, call(api.getMe(this.#ctx.request(options))));
  }
}
