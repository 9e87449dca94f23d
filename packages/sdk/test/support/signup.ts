import type { AuthResult, Voxanne } from '../../src/index.ts';

/** Signs up the way a person does: start, read the link from the local outbox, verify. */
export async function signUpVerified(vox: Voxanne, body: { email: string; password: string; name: string; org_name: string }): Promise<AuthResult> {
  await vox.auth.signup(body);
  for (const mail of (await vox.auth.devEmails({ to: body.email })).data) {
    const token = mail.text.match(/\/signup\/verify\?token=([^\s]+)/)?.[1];
    if (token) return vox.auth.verifySignup({ token: decodeURIComponent(token) });
  }
  throw new Error(`no verification email for ${body.email}`);
}
