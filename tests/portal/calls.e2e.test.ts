/**
 * Live calls in the portal, in real Chromium against a real server (embedded defaults: the simulator is
 * the voice vendor, the heuristic analyzer scores calls, everything offline). A clinic owner sets up
 * scheduling and an inbound agent, runs a test call from the agent page and watches the conversation grow
 * until it books, opens the call page (transcript, analysis, tool calls, timeline, no recording), reads an
 * original transcript behind the audited confirmation, finds the caller on the Contacts page sorted by
 * lead score, edits the contact, adds and removes a do-not-call number, and runs an outbound campaign to
 * completion (plus pause, resume and cancel on another). A test call is test data, so from the call page on
 * the dashboard is in test mode (decision 0012), and so is everything after it.
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

const owner = { name: 'Iris Moreno', email: uniqueEmail('calls') };
const TZ = 'America/New_York';
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** What a test call uses when no caller number is given: a 555-01xx number, reserved for fiction. */
const TEST_CALLER = '+15555550123';
const DOB = '04/12/1985';
const DNC_NUMBER = '+15557770001';
const LEADS = [
  { name: 'Lena Park', phone: '+15557001010' },
  { name: 'Omar Haddad', phone: '+15557001011' },
];

const shot = (name: string) => page.screenshot({ path: join(shots, `calls-${name}.png`), fullPage: true });
const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const item = (list: string, text: string | RegExp) => page.getByRole('list', { name: list }).getByRole('listitem').filter({ hasText: text });
/** The page's own session reads the API, the way the portal does (same origin, cookie, and its mode). */
const apiGet = (path: string) =>
  page.evaluate(async (p) => {
    const test = window.localStorage.getItem('voxanne.testMode') === 'true';
    return (await fetch(p, { headers: test ? { 'Voxanne-Mode': 'test' } : {} })).json() as Promise<Record<string, any>>;
  }, path);
/** The voice list has loaded and preselected its first voice (the form waits for it before saving). */
const localVoiceChosen = () =>
  page.waitForFunction(() => {
    const select = Array.from(document.querySelectorAll('select')).find((s) => s.labels?.[0]?.textContent === 'Voice');
    return select && !select.disabled && select.value === 'local-aria';
  });
/** HH:00, `hours` from now in UTC: quiet hours are chosen relative to when the test runs, never by luck. */
const utcHour = (hours: number) => `${String((new Date().getUTCHours() + 24 + hours) % 24).padStart(2, '0')}:00`;

async function createAgent(name: string, kind: 'inbound' | 'outbound', tools: string[], timezone: string): Promise<string> {
  await goTo(page, 'Agents');
  await page.getByRole('link', { name: 'New agent' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
  if (kind === 'outbound') await page.getByLabel('Outbound: places calls').check();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('System prompt').fill(`You are ${name} for Harbor Dental. Be brief.`);
  await localVoiceChosen();
  for (const tool of tools) await page.getByLabel(tool, { exact: true }).check();
  await page.getByLabel('Timezone').selectOption(timezone);
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function addContact(who: { name: string; phone: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByLabel('Phone number').fill(who.phone);
  await form.getByLabel('Name').fill(who.name);
  await form.getByLabel('Time zone').selectOption('UTC');
  await form.getByLabel('Tags').fill('recall');
  await form.getByLabel('Consent to be called').selectOption('granted');
  await form.getByRole('button', { name: 'Create contact' }).click();
  await status(`${who.name} was added.`).waitFor();
}

let callUrl = '';
let contactId = '';

beforeAll(async () => {
  ensurePortalBuilt();
  shots = artifactsDir();
  server = await startPortalServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: TZ });
  collectPageErrors(context, pageErrors);
  page = await context.newPage();
  await signUp(page, server.url, owner, 'Harbor Dental');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('portal: calls', () => {
  it('starts with empty calls, contacts, campaigns and do-not-call pages', async () => {
    await goTo(page, 'Calls');
    await page.getByText('No calls yet').waitFor();
    await goTo(page, 'Contacts');
    await page.getByText('No contacts yet').waitFor();
    await goTo(page, 'Campaigns');
    await page.getByText('No campaigns yet').waitFor();
    await goTo(page, 'Do-not-call list');
    await page.getByText('No numbers listed').waitFor();
    await shot('01-empty-dnc');
  });

  it('sets up a location, a practitioner with hours and a Cleaning service', async () => {
    await goTo(page, 'Scheduling', 'Scheduling settings');
    await page.getByLabel('Location name').fill('Harbor Downtown');
    await page.getByLabel('Timezone').selectOption(TZ);
    await page.getByRole('button', { name: 'Create location' }).click();
    await item('Locations', 'Harbor Downtown').waitFor();

    await page.getByRole('button', { name: 'Add practitioner or room' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dr. Rivera');
    await page.getByLabel('Kind').selectOption('practitioner');
    for (const day of DAYS) await page.getByRole('button', { name: `Add hours on ${day}` }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await item('Practitioners and rooms', 'Dr. Rivera').waitFor();

    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByLabel('Service name').fill('Cleaning');
    await page.getByLabel('Duration (minutes)').fill('30');
    await page.getByLabel('Buffer after (minutes)').fill('0');
    await page.getByRole('checkbox', { name: /Dr\. Rivera/ }).check();
    await page.getByRole('button', { name: 'Create service' }).click();
    await item('Services', 'Cleaning').waitFor();
  });

  it('runs a test call from the agent page: the conversation grows live and ends booked', async () => {
    await createAgent('Front desk', 'inbound', ['Check availability', 'Book appointments'], TZ);
    const panel = page.getByRole('region', { name: 'Test call' });
    const script = panel.getByLabel('What the caller says');
    expect(await script.inputValue()).toBe(["Hi, I'd like a cleaning next Tuesday morning", 'The first one works, my name is Jane Doe', "That's all, bye"].join('\n'));
    await panel.getByRole('button', { name: 'Start test call' }).click();

    // Caught while the call is still going (one snapshot, taken atomically in the page): some turns are on
    // screen, inside a live log that announces new ones.
    const midway = await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="test-call"]');
      const turns = el?.querySelectorAll('[role="log"] li.bubble').length ?? 0;
      return el?.dataset.status === 'in-progress' && turns > 0 ? turns : null;
    });
    const turnsMidway = (await midway.jsonValue()) as number;
    await shot('02-test-call-live');

    await panel.getByTestId('test-call-outcome').filter({ hasText: 'Booked' }).waitFor();
    const turns = panel.getByRole('list', { name: 'Test call conversation' }).getByRole('listitem');
    expect(await turns.count()).toBeGreaterThan(turnsMidway);
    await turns.filter({ hasText: 'The first one works, my name is Jane Doe' }).waitFor();
    expect(await panel.locator('.bubble-tool').count()).toBeGreaterThanOrEqual(2);
    expect(await panel.getByText('check_availability, book_appointment').count()).toBe(1);
    await status(/Test call ended: Booked\./).waitFor();
    // Focus lands on the result, so keyboard users are taken to it.
    expect(await panel.getByRole('heading', { name: 'Result' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await shot('03-test-call-done');
  });

  it('opens the call page: transcript, analysis, tool calls, timeline and no recording', async () => {
    // A test call is test data (decision 0012): live mode does not list it, and its page opens in test mode.
    expect((await apiGet('/v1/calls')).data).toEqual([]);
    await page.getByRole('link', { name: 'Open the call page' }).click();
    await page.getByRole('heading', { level: 1, name: `Call with ${TEST_CALLER}` }).waitFor();
    await page.getByTestId('test-mode-banner').waitFor();
    expect(await page.getByRole('switch', { name: 'Test mode' }).isChecked()).toBe(true);
    callUrl = new URL(page.url()).pathname;
    expect(await page.getByTestId('call-status').innerText()).toBe('Ended');
    expect(await page.getByTestId('call-outcome').innerText()).toBe('Booked');

    const conversation = page.getByRole('list', { name: 'Conversation' });
    await conversation.locator('[data-role="caller"]').filter({ hasText: "I'd like a cleaning next Tuesday morning" }).waitFor();
    await conversation.locator('[data-role="tool"]').filter({ hasText: /booked for Cleaning/ }).waitFor();
    expect(await conversation.locator('[data-role="agent"]').count()).toBeGreaterThanOrEqual(2);

    const analysis = page.getByRole('region', { name: 'Analysis' });
    expect((await analysis.getByTestId('analysis-summary').innerText()).length).toBeGreaterThan(10);
    expect(Number(await analysis.getByTestId('lead-score').innerText())).toBeGreaterThan(0);
    expect(await analysis.getByRole('list', { name: 'Why this score' }).getByRole('listitem').count()).toBeGreaterThan(0);

    const tools = page.getByRole('region', { name: 'Tool calls' });
    for (const name of ['check_availability', 'book_appointment']) {
      const row = tools.locator(`tr[data-tool="${name}"]`);
      await row.getByText('OK', { exact: true }).waitFor();
      expect(await row.getByRole('cell').nth(4).innerText()).toMatch(/^\d+ ms$/);
    }
    expect(await tools.locator('tr[data-tool="book_appointment"]').getByRole('cell').nth(1).innerText()).toContain('"service"');

    await page.getByTestId('no-recording').waitFor();
    expect(await page.locator('audio').count()).toBe(0);
    const timeline = page.getByRole('list', { name: 'Status timeline' });
    await timeline.locator('[data-type="analyzed"]').first().waitFor();
    // Not kept by default: there is no original to show.
    expect(await page.getByRole('button', { name: 'Show original transcript' }).count()).toBe(0);
    contactId = (await page.getByRole('link', { name: 'Open contact' }).getAttribute('href'))!.split('/').pop()!;
    await shot('04-call-page');
  });

  it('re-runs the analysis from the call page', async () => {
    const before = ((await apiGet(`/v1${callUrl}`)) as { analysis: { analyzed_at: string } }).analysis.analyzed_at;
    await page.getByRole('button', { name: 'Re-run analysis' }).click();
    await status(/Analysis re-run at/).waitFor();
    const after = ((await apiGet(`/v1${callUrl}`)) as { analysis: { analyzed_at: string } }).analysis.analyzed_at;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });

  it('lists the call with a per-day outcome chart and filters by outcome', async () => {
    await goTo(page, 'Calls');
    const row = page.locator(`tr[data-call="${callUrl.split('/').pop()}"]`);
    await row.getByText('Booked').waitFor();
    await page.getByRole('img', { name: /Calls per day by outcome.*Booked 1/ }).waitFor();
    await page.getByLabel('Outcome', { exact: true }).selectOption('no_answer');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No calls match these filters').waitFor();
    expect(new URL(page.url()).searchParams.get('outcome')).toBe('no_answer');
    await page.getByLabel('Outcome', { exact: true }).selectOption('booked');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await row.waitFor();
    await shot('05-calls-list');
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  it('keeps originals once an admin turns it on; the original is shown only after an audited confirmation', async () => {
    await goTo(page, 'Settings', 'Organization settings');
    const card = page.getByRole('region', { name: 'Calls' });
    await card.getByLabel('Keep original transcripts').check();
    await card.getByRole('button', { name: 'Save call settings' }).click();
    await status('Call settings saved.').waitFor();

    await goTo(page, 'Agents');
    await page.getByRole('link', { name: 'Front desk' }).click();
    const panel = page.getByRole('region', { name: 'Test call' });
    await panel.getByLabel('What the caller says').fill(`My date of birth is ${DOB}, can I book a cleaning?\nBye`);
    await panel.getByRole('button', { name: 'Start test call' }).click();
    await panel.getByRole('heading', { name: 'Result' }).waitFor();
    await panel.getByRole('link', { name: 'Open the call page' }).click();
    await page.getByRole('heading', { level: 1, name: `Call with ${TEST_CALLER}` }).waitFor();
    // Redacted on the page...
    await page.getByRole('list', { name: 'Conversation' }).locator('[data-role="caller"]').first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain(DOB);

    await page.getByRole('button', { name: 'Show original transcript' }).click();
    const dialog = page.getByRole('dialog', { name: 'Show the original transcript?' });
    await dialog.getByText('This read is audited').waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await shot('06-original-confirm');
    await dialog.getByRole('button', { name: 'Show original' }).click();
    // ...and in the original, after confirming.
    await page.getByRole('list', { name: 'Original conversation' }).getByText(DOB).waitFor();
    await shot('07-original-shown');

    await goTo(page, 'Audit log');
    await page.getByLabel('Action').fill('call.original_transcript_read');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'call.original_transcript_read' }).first().waitFor();
  });

  it('finds the caller on the Contacts page, hottest lead first, and edits tags and consent', async () => {
    await goTo(page, 'Contacts');
    await addContact(LEADS[0]!);
    await addContact(LEADS[1]!);
    await page.getByLabel('Sort by').selectOption('lead_score');
    await page.getByRole('heading', { name: 'Hottest leads first' }).waitFor();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('lead_score');
    expect(await rows.first().getAttribute('data-contact')).toBe(contactId);
    expect(Number(await rows.first().getByTestId('contact-score').innerText())).toBeGreaterThan(0);
    // The hand-added leads have no calls, so no score: after the scored caller.
    expect(await rows.nth(1).getByText('Not scored').count()).toBe(1);
    await shot('08-contacts-by-score');

    await page.getByLabel('Tag').fill('recall');
    await page.getByRole('button', { name: 'Filter by tag' }).click();
    await page.locator(`tr[data-contact="${contactId}"]`).waitFor({ state: 'detached' });
    await rows.filter({ hasText: LEADS[0]!.name }).waitFor();
    expect((await rows.allInnerTexts()).map((t) => t.split('\n')[0])).toEqual(expect.arrayContaining(LEADS.map((l) => l.name)));
    expect(await rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await page.locator(`tr[data-contact="${contactId}"]`).getByRole('link').click();
    await page.getByRole('region', { name: 'Call history' }).locator('tbody tr').nth(1).waitFor();
    await page.getByRole('button', { name: 'Edit contact' }).click();
    await page.getByLabel('Tags').fill('vip, Callback');
    await page.getByLabel('Consent to be called').selectOption('granted');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await status('Contact saved.').waitFor();
    const stored = await apiGet(`/v1/contacts/${contactId}`);
    expect(stored).toMatchObject({ tags: ['vip', 'callback'], consent_status: 'granted' });
    await shot('09-contact-detail');
  });

  it('adds a do-not-call number (refusing a malformed one inline) and removes it from the keyboard', async () => {
    await goTo(page, 'Do-not-call list');
    const number = page.getByLabel('Phone number');
    await number.fill('555 777 0001');
    await page.getByRole('button', { name: 'Add to do-not-call list' }).click();
    await page.getByText('Remove spaces, dashes and brackets').waitFor();
    expect(await number.evaluate((el) => el === document.activeElement)).toBe(true);
    await number.fill(DNC_NUMBER);
    await page.getByLabel('Reason').fill('Asked not to be called');
    await page.getByRole('button', { name: 'Add to do-not-call list' }).click();
    await status(`${DNC_NUMBER} is on the do-not-call list.`).waitFor();
    const row = page.locator(`tr[data-dnc="${DNC_NUMBER}"]`);
    await row.getByText('Asked not to be called').waitFor();
    await row.getByText('Dashboard').waitFor();
    await shot('10-dnc-listed');

    await row.getByRole('button', { name: `Remove ${DNC_NUMBER}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${DNC_NUMBER} from the do-not-call list?` });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await status(`${DNC_NUMBER} was removed from the do-not-call list.`).waitFor();
    await page.getByText('No numbers listed').waitFor();
    expect((await apiGet('/v1/dnc')).data).toEqual([]);
  });

  it('fits a 375px screen on the call page', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.url}${callUrl}`);
    await page.getByRole('list', { name: 'Conversation' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot('11-call-page-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('portal: campaigns', () => {
  let campaignPath = '';

  it('prepares an outbound agent, published, with a number to call from', async () => {
    const agentId = await createAgent('Recall', 'outbound', [], 'UTC');
    await page.getByRole('button', { name: 'Publish revision 1' }).click();
    await page.getByRole('region', { name: 'Publishing' }).locator('[data-sync-status="synced"]').waitFor();
    // An outbound agent's panel needs no script: the simulator has a scripted person to call.
    await page.getByRole('region', { name: 'Test call' }).getByLabel('What the person called says (optional)').waitFor();

    await goTo(page, 'Phone numbers');
    await page.getByLabel('Take a new number from the voice provider').check();
    await page.getByLabel('Answered by (optional)').selectOption({ label: 'Recall' });
    await page.getByRole('button', { name: 'Get a number' }).click();
    await status(/was added/).waitFor();
    const numbers = (await apiGet('/v1/phone-numbers')) as { data: { agent_id: string | null }[] };
    expect(numbers.data.map((n) => n.agent_id)).toContain(agentId);
  });

  it('creates a campaign for two contacts and follows it to completed', async () => {
    await goTo(page, 'Campaigns');
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await page.getByRole('button', { name: /^Start campaign/ }).click();
    await page.getByText('Give the campaign a name.').waitFor();
    await page.getByText('Choose at least one contact.').waitFor();

    await page.getByLabel('Campaign name').fill('Spring recall');
    await page.getByLabel('Outbound agent').selectOption({ label: 'Recall' });
    for (const lead of LEADS) await page.getByRole('checkbox', { name: new RegExp(lead.name) }).check();
    await page.getByLabel('Calls at once').fill('2');
    await page.getByLabel('Attempts per contact').fill('2');
    // A one-hour quiet window half a day away from now (contacts are in UTC): calling is allowed now.
    await page.getByLabel('Quiet from').fill(utcHour(12));
    await page.getByLabel('Quiet until').fill(utcHour(13));
    await shot('12-campaign-form');
    await page.getByRole('button', { name: 'Start campaign (2 contacts)' }).click();

    await page.getByRole('heading', { level: 1, name: 'Spring recall' }).waitFor();
    campaignPath = new URL(page.url()).pathname;
    await page.getByTestId('campaign-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    const bar = page.getByRole('progressbar', { name: 'Progress of Spring recall' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('2');
    expect(await bar.getAttribute('aria-valuemax')).toBe('2');
    await page.getByTestId('progress-text').filter({ hasText: '2 of 2 done: 2 called' }).waitFor();
    for (const lead of LEADS) await page.locator(`tr[data-target="${lead.phone}"]`).getByText('Called').waitFor();
    await shot('13-campaign-completed');

    await goTo(page, 'Campaigns');
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Spring recall' }) });
    await row.getByText('Completed').waitFor();
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
  });

  it('pauses, resumes and cancels a campaign held by quiet hours', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByLabel('Campaign name').fill('Night shift');
    await page.getByRole('checkbox', { name: new RegExp(LEADS[0]!.name) }).check();
    // Quiet hours covering now: the target waits, so the moves below never race the dialer.
    await page.getByLabel('Quiet from').fill(utcHour(-1));
    await page.getByLabel('Quiet until').fill(utcHour(2));
    await page.getByRole('button', { name: 'Start campaign (1 contact)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Night shift' }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe(campaignPath);
    await page.locator(`tr[data-target="${LEADS[0]!.phone}"]`).getByText('Waiting').waitFor();

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Running' }).waitFor();
    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel Night shift?' });
    await dialog.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await page.locator(`tr[data-target="${LEADS[0]!.phone}"]`).getByText('Cancelled').waitFor();
    await shot('14-campaign-cancelled');
  });

  it('threw no uncaught errors in any page along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
