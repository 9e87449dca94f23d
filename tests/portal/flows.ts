import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { PASSWORD } from '@voxanne/core/testing';

export interface Person {
  name: string;
  email: string;
}

/**
 * Signs up through the portal's own form, follows the verification link from the development mailbox
 * (/dev/mail, linked from the "check your email" page) and waits for the overview.
 */
export async function signUp(page: Page, base: string, who: Person, org: string): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Clinic or organization name').fill(org);
  await page.getByLabel('Work email').fill(who.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
  await page.getByRole('link', { name: 'development mailbox' }).click();
  await page.getByRole('heading', { level: 1, name: 'Development mailbox' }).waitFor();
  const mail = page.getByRole('article').filter({ hasText: `To ${who.email}` }).filter({ hasText: 'Verify your email' }).first();
  await mail.getByRole('link', { name: /\/signup\/verify\?token=/ }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${who.name}` }).waitFor();
}

/** Goes through TOTP enrollment from the MFA setup page; returns the secret for later sign-ins. */
export async function enrollMfa(page: Page, base: string): Promise<string> {
  if (new URL(page.url()).pathname !== '/security/mfa') await page.goto(`${base}/security/mfa`);
  await page.getByRole('button', { name: 'Start setup' }).click();
  const secret = await page.getByLabel('Setup key').inputValue();
  await page.getByLabel('6-digit code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByLabel('I have saved my recovery codes').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
  return secret;
}

/** Follows a link in the main navigation (opening the mobile menu first if it is collapsed). */
export async function goTo(page: Page, link: string, heading = link): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/**
 * A TOTP code for the next 30 s step. Codes are single-use (the server remembers the last step it
 * accepted), so right after enrollment the current step's code is spent; the next step's code is inside
 * the server's one-step drift window and works at once, without waiting for the clock.
 */
export function nextTotp(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}
