/**
 * The portal's team and agency pages in Chromium against a real server: the MFA policy (and its 409 when
 * the admin has no MFA yet), inviting someone who then has to enroll before anything else, role changes,
 * revoking an invite, and an agency creating a child clinic and acting on it through the org switcher.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, uniqueEmail } from '@voxanne/core/testing';
import { artifactsDir, collectPageErrors, ensurePortalBuilt, launchChromium, startPortalServer, type PortalServer } from './support.ts';
import { enrollMfa, goTo, signUp } from './flows.ts';

let server: PortalServer;
let browser: Browser;
let ownerContext: BrowserContext;
let owner: Page;
let shots: string;

const admin = { name: 'Priya Raman', email: uniqueEmail('agency') };
const agency = 'Lumen Clinic Group';
const hire = { name: 'Marco Diaz', email: uniqueEmail('frontdesk') };
let inviteLink = '';
const pageErrors: string[] = [];

const shot = (name: string, p: Page = owner) => p.screenshot({ path: join(shots, `team-${name}.png`), fullPage: true });

beforeAll(async () => {
  ensurePortalBuilt();
  shots = artifactsDir();
  server = await startPortalServer();
  browser = await launchChromium();
  ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  collectPageErrors(ownerContext, pageErrors);
  owner = await ownerContext.newPage();
  await signUp(owner, server.url, admin, agency);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('portal: MFA policy, invites and roles', () => {
  it('refuses to require MFA while the admin has none, and says why', async () => {
    await goTo(owner, 'Settings', 'Organization settings');
    const toggle = owner.getByRole('switch', { name: 'Require MFA for every member' });
    await toggle.click();
    const alert = owner.getByRole('alert').filter({ hasText: 'Turn on MFA for your own account first' });
    await alert.waitFor();
    expect(await alert.getByTestId('problem-code').innerText()).toBe('mfa_enrollment_required');
    expect(await toggle.isChecked()).toBe(false);
    await shot('01-require-mfa-refused');
  });

  it('requires MFA once the admin has enrolled', async () => {
    await enrollMfa(owner, server.url);
    await goTo(owner, 'Settings', 'Organization settings');
    const toggle = owner.getByRole('switch', { name: 'Require MFA for every member' });
    await toggle.click();
    await owner.getByText('MFA is now required for every member.').waitFor();
    expect(await toggle.isChecked()).toBe(true);
  });

  it('invites a member and shows the link once', async () => {
    await goTo(owner, 'Members');
    await owner.getByText('No pending invitations').waitFor();
    await owner.getByLabel('Email address').fill(hire.email);
    await owner.getByLabel('Role', { exact: true }).selectOption('member');
    await owner.getByRole('button', { name: 'Send invitation' }).click();

    inviteLink = await owner.getByLabel('Invitation link').inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/accept-invite\\?token=inv_tok_`));
    await owner.getByRole('row', { name: new RegExp(hire.email) }).waitFor();
    await shot('02-invite-link');
    await owner.getByRole('button', { name: 'Done', exact: true }).click();
  });

  it('the invitee accepts, and the MFA policy sends them to enrollment first', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    collectPageErrors(context, pageErrors);
    const page = await context.newPage();
    await page.goto(inviteLink);
    await page.getByRole('heading', { level: 1, name: 'Accept invitation' }).waitFor();
    await page.getByLabel('Your name').fill(hire.name);
    await page.getByLabel('Choose a password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accept invitation' }).click();

    await page.getByRole('heading', { level: 1, name: 'Set up multi-factor authentication' }).waitFor();
    await page.getByText('Your organization requires multi-factor authentication').waitFor();
    // Anything else is refused by the API until they enroll, so the portal keeps them here.
    await page.goto(`${server.url}/api-keys`);
    await page.getByRole('heading', { level: 1, name: 'Set up multi-factor authentication' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/security/mfa');
    await shot('03-invitee-must-enroll', page);

    await enrollMfa(page, server.url);
    await goTo(page, 'Overview', `Welcome, ${hire.name}`);
    await page.getByText(`You are working in ${agency} as member.`).waitFor();
    await context.close();
  });

  it('the admin sees the new member and changes their role', async () => {
    await goTo(owner, 'Overview', `Welcome, ${admin.name}`);
    await goTo(owner, 'Members');
    const row = owner.getByRole('row', { name: new RegExp(hire.name) });
    const role = row.getByLabel(`Role for ${hire.name}`);
    expect(await role.inputValue()).toBe('member');
    await role.selectOption('viewer');
    await owner.getByText(`${hire.name} is now viewer.`).waitFor();
    await owner.getByText('No pending invitations').waitFor(); // the accepted invite left the list
  });

  it('revokes a pending invite after confirming', async () => {
    const stray = uniqueEmail('stray');
    await owner.getByLabel('Email address').fill(stray);
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByRole('button', { name: 'Done', exact: true }).click();
    await owner.getByRole('row', { name: new RegExp(stray) }).getByRole('button', { name: /Revoke/ }).click();
    const dialog = owner.getByRole('dialog', { name: 'Revoke this invitation?' });
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await owner.getByText(`The invitation to ${stray} was revoked.`).waitFor();
    await owner.getByText('No pending invitations').waitFor();
  });
});

describe('portal: agency child clinics and the org switcher', () => {
  const clinic = 'Northside Dermatology';

  it('creates a child clinic and acts on it through the header switcher', async () => {
    await goTo(owner, 'Clinics');
    await owner.getByText('No clinics yet').waitFor();
    await owner.getByLabel('Clinic name').fill(clinic);
    await owner.getByRole('button', { name: 'Create clinic' }).click();
    await owner.getByText(`${clinic} was created.`, { exact: false }).waitFor();

    const switcher = owner.getByRole('banner').getByLabel('Acting as');
    await switcher.selectOption({ label: clinic });
    await goTo(owner, 'Settings', 'Organization settings');
    expect(await owner.getByLabel('Organization name').inputValue()).toBe(clinic);
    await owner.getByText('Clinic managed by an agency').waitFor();
    await shot('04-acting-as-child');
  });

  it('remembers the acting org across a reload', async () => {
    await owner.reload();
    await owner.getByRole('heading', { level: 1, name: 'Organization settings' }).waitFor();
    const switcher = owner.getByRole('banner').getByLabel('Acting as');
    expect(await switcher.locator('option:checked').innerText()).toBe(clinic);
    expect(await owner.getByLabel('Organization name').inputValue()).toBe(clinic);
  });

  it('a key created while acting on the child belongs to the child, not the agency', async () => {
    await goTo(owner, 'API keys');
    await owner.getByText('No API keys yet').waitFor();
    await owner.getByLabel('Name').fill('Northside EHR');
    await owner.getByRole('button', { name: 'Create key' }).click();
    await owner.getByRole('button', { name: 'Done, I have saved it' }).click();
    await owner.getByRole('row', { name: /Northside EHR/ }).waitFor();

    await owner.getByRole('banner').getByLabel('Acting as').selectOption({ label: agency });
    await owner.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await owner.getByText('No API keys yet').waitFor();
    await shot('05-agency-keys-empty');

    await owner.getByRole('banner').getByLabel('Acting as').selectOption({ label: clinic });
    await owner.getByRole('row', { name: /Northside EHR/ }).waitFor();
  });

  it('threw no uncaught errors in any page along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
