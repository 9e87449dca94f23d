/**
 * The portal in real Chromium against a real server (PostgreSQL, Redis, the built portal on the same
 * origin). One clinic owner goes through the whole security story: sign up, MFA, sign in again with a
 * code, an API key created, used, revoked, and the revocation found in the audit log.
 *
 * The steps share one browser page and run in order; each leaves a screenshot in tests/artifacts/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { PASSWORD, uniqueEmail } from '@voxanne/core/testing';
import { artifactsDir, collectPageErrors, ensurePortalBuilt, launchChromium, startPortalServer, type PortalServer } from './support.ts';
import { nextTotp } from './flows.ts';

let server: PortalServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shots: string;
const pageErrors: string[] = [];

const owner = { name: 'Dana Whitfield', email: uniqueEmail('portal'), org: 'Bright Smiles Dental' };
let totpSecret = '';
let recoveryCodes: string[] = [];
let apiKey = '';

const shot = (name: string, p: Page = page) => p.screenshot({ path: join(shots, `portal-${name}.png`), fullPage: true });

async function apiGet(path: string, key: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function signInWithPassword(p: Page) {
  await p.getByLabel('Email').fill(owner.email);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  ensurePortalBuilt();
  shots = artifactsDir();
  server = await startPortalServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  collectPageErrors(context, pageErrors);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('portal: sign-up to revoked API key', () => {
  it('signs up a clinic and lands on the overview', async () => {
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Clinic or organization name').fill(owner.org);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    // Sign-up only mails a link (the same answer for an email that has an account): follow it from the
    // development mailbox, by keyboard.
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await expect(page.getByText(owner.email).isVisible()).resolves.toBe(true);
    await shot('01-check-email');
    await page.getByRole('link', { name: 'development mailbox' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Development mailbox' }).waitFor();
    const mail = page.getByRole('article').filter({ hasText: `To ${owner.email}` }).filter({ hasText: 'Verify your email' });
    const link = mail.getByRole('link', { name: /\/signup\/verify\?token=/ });
    const verifyUrl = (await link.getAttribute('href'))!;
    expect(new URL(verifyUrl).origin).toBe(server.url);
    await shot('01-dev-mail');
    await link.click();

    await page.getByRole('heading', { level: 1, name: `Welcome, ${owner.name}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByText(owner.org).first().isVisible()).resolves.toBe(true);
    await shot('01-signed-up');

    // The link works once: opened again (another browser), it says so instead of signing anyone in.
    const other = await browser.newContext();
    try {
      const again = await other.newPage();
      await again.goto(verifyUrl);
      await again.getByRole('alert').filter({ hasText: 'This link is no longer valid' }).waitFor();
      await again.screenshot({ path: join(shots, 'portal-01-link-used.png'), fullPage: true });
    } finally {
      await other.close();
    }
  });

  it('turns on MFA with the QR setup key and shows ten recovery codes once', async () => {
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByRole('link', { name: 'Set up MFA' }).click();
    await page.getByRole('button', { name: 'Start setup' }).click();

    const qr = page.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    totpSecret = await page.getByLabel('Setup key').inputValue();
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    await shot('02-mfa-qr');

    await page.getByLabel('6-digit code').fill(await generate({ secret: totpSecret }));
    await page.getByRole('button', { name: 'Verify and turn on' }).click();

    const list = page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    recoveryCodes = (await list.getByRole('listitem').allInnerTexts()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await shot('03-recovery-codes');

    const proceed = page.getByRole('button', { name: 'Continue' });
    expect(await proceed.isDisabled()).toBe(true); // not before confirming the codes are saved
    await page.getByLabel('I have saved my recovery codes').check();
    await proceed.click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.locator('#mfa-title + .badge', { hasText: 'On' }).waitFor();
  });

  it('signs out, then signs in again with a TOTP code', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    await signInWithPassword(page);
    // The API answered 401 mfa_required: the second step appears and takes focus.
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await shot('04-mfa-challenge');
    await code.fill(await nextTotp(totpSecret)); // enrollment spent this step's code
    await page.getByRole('button', { name: 'Verify and sign in' }).click();

    // ?next=/security from the sign-out redirect brings us back where we were.
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    // The sign-out revoked the first session; the list shows only the new one, marked as this device.
    const sessions = page.getByRole('table').getByRole('row');
    await sessions.filter({ hasText: 'This device' }).waitFor();
    expect(await sessions.count()).toBe(2); // header row + the one active session
    await shot('05-signed-in-with-totp');
  });

  it('creates an API key and copies its secret, shown once', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet').waitFor();

    await page.getByLabel('Name').fill('PMS sync');
    // "read" is preselected; GET /v1/org needs exactly that.
    expect(await page.getByLabel('Read', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create key' }).click();

    const secretField = page.getByLabel('Secret key');
    await secretField.waitFor();
    const shown = await secretField.inputValue();
    expect(shown).toMatch(/^vox_live_/);

    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText('Copied to clipboard').waitFor();
    apiKey = await page.evaluate(() => navigator.clipboard.readText());
    expect(apiKey).toBe(shown);
    await shot('06-api-key-secret');
  });

  it('the copied key works against the API', async () => {
    const res = await apiGet('/v1/org', apiKey);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(owner.org);
  });

  it('revoking the key in the UI makes the API answer 401 api_key_revoked', async () => {
    await page.getByRole('button', { name: 'Done, I have saved it' }).click();
    expect(await page.getByLabel('Secret key').count()).toBe(0); // gone for good once dismissed

    const row = page.getByRole('row', { name: /PMS sync/ });
    await row.getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke "PMS sync"?' });
    await dialog.waitFor();
    await shot('07-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('Revoked', { exact: true }).waitFor();
    await page.getByText('Key "PMS sync" was revoked.').waitFor();
    await shot('08-api-key-revoked');

    const res = await apiGet('/v1/org', apiKey);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('api_key_revoked');
  });

  it('the audit log shows the revocation, filtered by action prefix, with a per-day chart', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByLabel('Action', { exact: true }).fill('api_key.');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    const table = page.getByRole('table');
    await table.getByText('api_key.revoked').waitFor();
    const actions = await table.locator('.audit-action').allInnerTexts();
    expect(actions).toEqual(['api_key.revoked', 'api_key.created']); // newest first, nothing else
    const chart = page.getByRole('img', { name: /Events per day/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/\(2 loaded\): \d{4}-\d{2}-\d{2} 2$/); // one bar: both events are from today
    await shot('09-audit-log');
  });

  it('shows the error state with the problem code when an API call fails', async () => {
    await page.getByLabel('Actor ID').fill('usr_not-a-real-id');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the audit log' });
    await alert.waitFor();
    expect(await alert.getByTestId('problem-code').innerText()).toBe('validation_failed');
    await shot('10-error-state');
  });

  it('capabilities not built yet say so instead of showing sample data', async () => {
    await page.getByRole('link', { name: /^Knowledge/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Knowledge' }).waitFor();
    await page.getByText('Coming soon — not available yet').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it('a reload on a deep link shows its page; paths the portal does not own answer 404, not the dashboard', async () => {
    await page.goto(`${server.url}/audit?action=api_key.`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    for (const path of ['/server-status', '/favicon.ico', '/.env', '/index.php']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });
});

describe('portal: keyboard, recovery code and small screens', () => {
  let fresh: BrowserContext;
  let p: Page;

  beforeAll(async () => {
    fresh = await browser.newContext({ viewport: { width: 375, height: 812 } });
    collectPageErrors(fresh, pageErrors);
    p = await fresh.newPage();
  });

  afterAll(async () => {
    await fresh?.close();
  });

  it('a wrong password shows the API problem, not a blank screen', async () => {
    await p.goto(`${server.url}/signin`);
    await p.getByLabel('Email').fill(owner.email);
    await p.getByLabel('Password').fill('not the password at all');
    await p.getByRole('button', { name: 'Sign in' }).click();
    const alert = p.getByRole('alert').filter({ hasText: 'Could not sign in' });
    await alert.waitFor();
    expect(await alert.getByTestId('problem-code').innerText()).toBe('invalid_credentials');
    await shot('11-signin-error', p);
  });

  it('signs in by keyboard alone: Tab through the fields, Enter submits, a recovery code as second factor', async () => {
    await p.goto(`${server.url}/signin`);
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const focused = () => p.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent ?? '');

    await p.keyboard.press('Tab');
    expect(await focused()).toBe('email');
    await p.keyboard.type(owner.email);
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await p.keyboard.type(PASSWORD);
    await p.keyboard.press('Enter');

    // mfa_required: the code field appears with focus; Tab reaches the switch to a recovery code.
    await p.getByLabel('Authentication code').waitFor();
    await p.waitForFunction(() => document.activeElement?.getAttribute('name') === 'mfa_code');
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('Use a recovery code instead');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.activeElement?.getAttribute('name') === 'recovery_code');
    await p.keyboard.type(recoveryCodes[0]!);
    await p.keyboard.press('Enter');

    await p.getByRole('heading', { level: 1, name: `Welcome, ${owner.name}` }).waitFor();
    await shot('12-keyboard-signed-in-375px', p);
  });

  it('fits a 375px screen: no sideways scrolling, navigation behind the Menu button', async () => {
    const overflow = () => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);

    const nav = p.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    const menu = p.getByRole('button', { name: 'Menu' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'API keys' }).click();
    await p.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await p.getByRole('row', { name: /PMS sync/ }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('13-api-keys-375px', p);
  });

  it('threw no uncaught errors in any page along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
