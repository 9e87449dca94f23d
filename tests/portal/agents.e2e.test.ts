/**
 * Voice agents in the portal, in real Chromium against a real server (embedded defaults: the local voice
 * and the simulator voice connector, so everything runs offline). A clinic owner creates an agent, hears
 * its voice, edits and rolls back its prompt, publishes it until it is live, stores an ElevenLabs key,
 * and adds a phone number after the import form has refused a malformed one.
 *
 * The steps share one page and run in order; each leaves a screenshot in tests/artifacts/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uniqueEmail } from '@voxanne/core/testing';
import { artifactsDir, collectPageErrors, ensurePortalBuilt, launchChromium, startPortalServer, type PortalServer } from './support.ts';
import { goTo, signUp } from './flows.ts';

let server: PortalServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shots: string;
const pageErrors: string[] = [];

const owner = { name: 'Noor Haddad', email: uniqueEmail('agents') };
const ORIGINAL_PROMPT = 'You answer the phone for Harbor Dental. Be warm and brief.';
const EDITED_PROMPT = 'You answer for Harbor Dental. Offer the earliest cleaning slot first.';
const ELEVEN_KEY = 'xi-e2e-secret-key-7a3f';
const NUMBER = '+15557654321';

const shot = (name: string) => page.screenshot({ path: join(shots, `agents-${name}.png`), fullPage: true });
const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const revisionItems = () => page.getByRole('list', { name: 'Revisions' }).getByRole('listitem');
/** The voice list (GET /v1/voices?provider=local) has loaded and preselected its first voice. */
const localVoiceChosen = () =>
  page.waitForFunction(() => {
    const select = Array.from(document.querySelectorAll('select')).find((s) => s.labels?.[0]?.textContent === 'Voice');
    return select && !select.disabled && select.value === 'local-aria';
  });
/** The page's own session reads the API, the way the portal does (same origin, cookie). */
const apiGet = (path: string) => page.evaluate(async (p) => (await fetch(p)).json() as Promise<Record<string, unknown>>, path);

beforeAll(async () => {
  ensurePortalBuilt();
  shots = artifactsDir();
  server = await startPortalServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  collectPageErrors(context, pageErrors);
  page = await context.newPage();
  await signUp(page, server.url, owner, 'Harbor Dental');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('portal: voice agents', () => {
  it('starts with an empty agents list that offers to create one', async () => {
    await goTo(page, 'Agents');
    await page.getByText('No agents yet').waitFor();
    await shot('01-empty');
  });

  it('creates an agent with the local voice; ElevenLabs voices ask for the integration; a bad transfer number is refused inline', async () => {
    await page.getByRole('link', { name: 'New agent' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Front desk');
    await page.getByLabel('System prompt').fill(ORIGINAL_PROMPT);
    await page.getByLabel('First message (optional)').fill('Thanks for calling Harbor Dental!');
    await localVoiceChosen();
    expect(await page.getByLabel('Voice', { exact: true }).inputValue()).toBe('local-aria');

    // ElevenLabs voices need the org's key: the picker says so, with the way to fix it.
    await page.getByLabel('Voice provider').selectOption('elevenlabs');
    const missing = page.getByRole('alert').filter({ hasText: 'Could not load ElevenLabs voices' });
    await missing.waitFor();
    expect(await missing.getByTestId('problem-code').innerText()).toBe('integration_missing');
    expect(await missing.getByRole('link', { name: 'Connect ElevenLabs in Integrations' }).getAttribute('href')).toBe('/integrations');
    await shot('02-integration-missing');
    await page.getByLabel('Voice provider').selectOption('local');
    await localVoiceChosen();

    await page.getByLabel('Book appointments').check();
    await page.getByLabel('Transfer calls').check();
    const destination = page.getByLabel('Transfer destination');
    await destination.fill('555 123 0000');
    await destination.blur();
    await page.getByText('Remove spaces, dashes and brackets').waitFor();
    expect(await destination.getAttribute('aria-invalid')).toBe('true');
    await destination.fill('+15551230000');
    await page.getByRole('button', { name: 'Set Monday–Friday, 9:00–17:00' }).click();
    await page.getByLabel('Friday closes').fill('15:30');
    await page.getByLabel('Timezone').selectOption('America/Chicago');
    await page.getByLabel('Take a message').check();
    await shot('03-new-agent-form');

    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Front desk' }).waitFor();
    await status('Agent created as revision 1').waitFor();
    const agentId = new URL(page.url()).pathname.split('/').pop()!;
    expect(agentId).toMatch(/^agt_/);
    const stored = await apiGet(`/v1/agents/${agentId}`);
    expect(stored).toMatchObject({
      voice: { provider: 'local', voice_id: 'local-aria' },
      tools: [{ type: 'book_appointment' }, { type: 'transfer_call', destination: '+15551230000' }],
      timezone: 'America/Chicago',
      sync_status: 'unpublished',
    });
    expect(stored.business_hours).toHaveLength(5);
    expect((stored.business_hours as { day: string; end: string }[]).find((h) => h.day === 'fri')?.end).toBe('15:30');
  });

  it('plays a voice preview: the API answers with audio and the player gets it as a blob', async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/voice-preview') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Play preview' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('audio/wav');
    expect((await response.body()).subarray(0, 4).toString('latin1')).toBe('RIFF');

    const player = page.getByLabel('Voice preview');
    await player.waitFor();
    expect(await player.getAttribute('src')).toMatch(/^blob:/);
    await shot('04-voice-preview');
  });

  it('the player can actually load that audio (the page policy allows blob: media)', async () => {
    // Either the browser decodes it (and knows how long the greeting is) or the portal reports why not.
    await page.waitForFunction(() => {
      const audio = document.querySelector('audio');
      return (audio?.duration ?? 0) > 0 || audio?.error != null;
    });
    const outcome = await page.evaluate(() => {
      const audio = document.querySelector('audio')!;
      return { duration: audio.duration, error: audio.error?.message ?? null };
    });
    expect(outcome.error).toBeNull();
    expect(outcome.duration).toBeGreaterThan(0);
  });

  it('saving an edited prompt writes revision 2', async () => {
    await page.getByLabel('System prompt').fill(EDITED_PROMPT);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Saved as revision 2').waitFor();
    await revisionItems().filter({ hasText: 'Revision 2' }).filter({ hasText: 'Edited' }).waitFor();
    expect(await revisionItems().count()).toBe(2);
    expect(await page.getByLabel('System prompt').inputValue()).toBe(EDITED_PROMPT);
  });

  it('rolls back to revision 1 after confirming: history grows and the prompt is restored', async () => {
    await revisionItems().filter({ hasText: 'Revision 1' }).getByRole('button', { name: /Roll back to this revision/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to revision 1?' });
    await dialog.waitFor();
    await shot('05-rollback-confirm');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await status('Rolled back to revision 1: now revision 3').waitFor();
    await revisionItems().filter({ hasText: 'Rolled back to revision 1' }).waitFor();
    expect(await revisionItems().count()).toBe(3);
    expect(await page.getByLabel('System prompt').inputValue()).toBe(ORIGINAL_PROMPT);
    await shot('06-rolled-back');
  });

  it('publishes: the status follows the job until the simulator has it live', async () => {
    await page.getByRole('button', { name: 'Publish revision 3' }).click();
    const sync = page.getByRole('region', { name: 'Publishing' });
    await sync.locator('[data-sync-status="synced"]').getByText('Live', { exact: true }).waitFor();
    expect(await sync.getByTestId('live-revision').innerText()).toBe('Revision 3');
    await sync.getByText('Simulator (offline)').waitFor();
    await status('Revision 3 is live.').waitFor();
    expect(await page.getByRole('button', { name: 'Publish revision 3' }).isDisabled()).toBe(true);
    await shot('07-published');
  });

  it('lists the agent as live at revision 3', async () => {
    await goTo(page, 'Agents');
    const row = page.getByRole('row', { name: /Front desk/ });
    await row.getByText('Live', { exact: true }).waitFor();
    await row.getByText('Revision 3', { exact: true }).first().waitFor();
    expect(await row.getByRole('cell').nth(1).innerText()).toBe('Inbound');
    await shot('08-agents-list');
  });

  it('stores an ElevenLabs key and shows only its last 4 characters', async () => {
    await goTo(page, 'Integrations');
    const card = page.getByRole('region', { name: 'ElevenLabs' });
    await card.getByText('Not connected').waitFor();
    await card.getByLabel('API key').fill(ELEVEN_KEY);
    await card.getByRole('button', { name: 'Connect ElevenLabs' }).click();
    await card.getByText('Connected', { exact: true }).waitFor();
    expect(await card.getByTestId('last4').innerText()).toBe('••••7a3f');
    expect(await card.getByLabel('API key').count()).toBe(0); // the form is gone, and the secret with it
    expect(await page.content()).not.toContain(ELEVEN_KEY);
    await page.getByRole('region', { name: 'Twilio' }).getByText('Not connected').waitFor();
    await shot('09-integrations');
  });

  it('refuses a malformed phone number inline without calling the API, then imports and assigns a good one', async () => {
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/v1/phone-numbers') && posts.push(r.url()));
    await goTo(page, 'Phone numbers');
    await page.getByText('No phone numbers yet').waitFor();

    const number = page.getByLabel('Phone number');
    await number.fill('555-765-4321');
    await page.getByRole('button', { name: 'Import number' }).click();
    await page.getByText('Remove spaces, dashes and brackets').waitFor();
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    expect(await number.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(posts).toEqual([]);
    await shot('10-number-invalid');

    await number.fill(NUMBER);
    await page.getByLabel('Label (optional)').fill('Main line');
    await page.getByRole('button', { name: 'Import number' }).click();
    await status(`${NUMBER} was added.`).waitFor();
    expect(posts).toHaveLength(1);
    const assign = page.getByLabel(`Agent for ${NUMBER}`);
    await assign.selectOption({ label: 'Front desk' });
    await status(`${NUMBER} now rings Front desk.`).waitFor();
    await shot('11-number-assigned');

    await goTo(page, 'Agents');
    await page.getByRole('row', { name: /Front desk/ }).getByText(NUMBER).waitFor();
  });

  it('fits a 375px screen on the editor, numbers and integrations pages', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.getByRole('link', { name: 'Front desk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Front desk' }).waitFor();
    await revisionItems().first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('12-editor-375px');
    await goTo(page, 'Phone numbers');
    await page.getByLabel(`Agent for ${NUMBER}`).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await goTo(page, 'Integrations');
    await page.getByRole('region', { name: 'ElevenLabs' }).getByTestId('last4').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('13-integrations-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('deletes the agent from the keyboard: Cancel has focus, Tab and Enter confirm', async () => {
    await goTo(page, 'Agents');
    await page.getByRole('link', { name: 'Front desk' }).click();
    await page.getByRole('button', { name: 'Delete agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Front desk?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await page.getByText('No agents yet').waitFor();
    // Deleting detached the number.
    const numbers = (await apiGet('/v1/phone-numbers')) as { data: { agent_id: string | null }[] };
    expect(numbers.data.map((n) => n.agent_id)).toEqual([null]);
  });

  it('threw no uncaught errors in any page along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
