/**
 * Scheduling in the portal, in real Chromium against a real server (embedded defaults: the local SMS
 * outbox, no Google). A clinic owner sets up a location, a practitioner with hours and a service through
 * the settings page, books an appointment and sees its confirmation code, sees it in the day, week and
 * list views, loses a slot to a booking made over the API in between and takes an offered alternative,
 * reschedules, cancels, and finds the confirmation text (and a simulated STOP reply) in the SMS log.
 *
 * The steps share one page and run in order; each leaves a screenshot in tests/artifacts/.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, uniqueEmail, type TestServer } from '@voxanne/core/testing';
import { artifactsDir, collectPageErrors, ensurePortalBuilt, launchChromium } from './support.ts';
import { goTo, signUp } from './flows.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shots: string;
const pageErrors: string[] = [];

const owner = { name: 'Mara Quinn', email: uniqueEmail('appointments') };
const TZ = 'America/New_York';
const ADA = { name: 'Ada Lovelace', phone: '+15557001001' };
const GRACE = { name: 'Grace Hopper', phone: '+15557001002' };
const RIVAL = { name: 'Walk-in Rival', phone: '+15557001003' };
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A free port, so PUBLIC_URL names the real address: the SMS simulator delivers the patient's reply to it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Tomorrow in the clinic's zone, YYYY-MM-DD: always bookable (the practitioner works every day, Saturdays until 13:00). */
function tomorrowInClinic(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 86_400_000));
  return parts;
}
const DAY = tomorrowInClinic();

const shot = (name: string) => page.screenshot({ path: join(shots, `appointments-${name}.png`), fullPage: true });
const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const freeTime = (time: string) => page.getByRole('list', { name: 'Free times' }).getByRole('button', { name: time, exact: true });
const item = (list: string, text: string | RegExp) => page.getByRole('list', { name: list }).getByRole('listitem').filter({ hasText: text });
const schedule = (name: 'Day schedule' | 'Week schedule') => page.getByRole('region', { name });
/** The page's own session calls the API, the way the portal does (same origin, cookie, CSRF header). */
const apiCall = (method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)vox_csrf=([^;]*)/)?.[1] ?? '');
      const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data?: Record<string, unknown>[] } };
    },
    { method, path, body },
  );

let firstCode = '';
let altCode = '';

beforeAll(async () => {
  ensurePortalBuilt();
  shots = artifactsDir();
  const port = await freePort();
  // The portal server of support.ts, plus a PUBLIC_URL that reaches it (inbound SMS webhooks are signed for it).
  server = await startTestServer({ portal: true, env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Berlin' });
  collectPageErrors(context, pageErrors);
  page = await context.newPage();
  await signUp(page, server.url, owner, 'Harbor Dental');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('portal: scheduling settings', () => {
  it('starts with an empty appointments page that points to the settings', async () => {
    await goTo(page, 'Appointments');
    await page.getByText('No locations yet').waitFor();
  });

  it('creates a location, a practitioner with weekly hours and a service', async () => {
    await goTo(page, 'Scheduling', 'Scheduling settings');
    // No location yet: the form is already open.
    await page.getByLabel('Location name').fill('Harbor Downtown');
    await page.getByLabel('Timezone').selectOption(TZ);
    await page.getByRole('button', { name: 'Create location' }).click();
    await item('Locations', 'Harbor Downtown').waitFor();

    await page.getByRole('button', { name: 'Add practitioner or room' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dr. Rivera');
    await page.getByLabel('Kind').selectOption('practitioner');
    for (const day of DAYS) await page.getByRole('button', { name: `Add hours on ${day}` }).click();
    await page.getByLabel('Saturday closes').fill('13:00');
    // A holiday far ahead: exceptions are part of the same save.
    await page.getByRole('button', { name: 'Add exception' }).click();
    await page.getByLabel('Exception 1 first day').fill('2031-12-25');
    await page.getByLabel('Exception 1 last day').fill('2031-12-26');
    await page.getByLabel('Exception 1 reason').fill('Holidays');
    await shot('01-resource-form');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await item('Practitioners and rooms', 'Dr. Rivera').filter({ hasText: 'Sat 09:00–13:00' }).filter({ hasText: '1 exception' }).waitFor();

    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByLabel('Service name').fill('Cleaning');
    await page.getByLabel('Duration (minutes)').fill('30');
    await page.getByLabel('Buffer after (minutes)').fill('0');
    await page.getByLabel('Price').fill('120');
    await page.getByLabel('Currency').fill('USD');
    await page.getByRole('checkbox', { name: /Dr\. Rivera/ }).check();
    await page.getByRole('button', { name: 'Create service' }).click();
    await item('Services', 'Cleaning').filter({ hasText: '$120.00' }).filter({ hasText: 'Dr. Rivera' }).waitFor();
    // Google is not configured in embedded mode: the card says "not connected", not an error.
    await page.getByText('Not connected').waitFor();
    await shot('02-settings');
  });
});

describe('portal: appointments', () => {
  it('books an appointment and shows the confirmation code', async () => {
    await goTo(page, 'Appointments');
    await expect(page.getByTestId('zone-name').innerText()).resolves.toMatch(/^America\/New_York \((EST|EDT)\)$/);
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByLabel('Service').selectOption({ label: 'Cleaning (30 min)' });
    await page.getByLabel('Date', { exact: true }).fill(DAY);
    await freeTime('10:00 AM').click();
    await page.getByLabel('Patient name').fill(ADA.name);
    await page.getByLabel('Patient mobile').fill('555 700 1001');
    await page.getByRole('button', { name: /^Confirm booking/ }).click();
    await page.getByText('Remove spaces, dashes and brackets').waitFor(); // E.164 is checked before sending
    await page.getByLabel('Patient mobile').fill(ADA.phone);
    await page.getByRole('button', { name: /^Confirm booking/ }).click();
    firstCode = await page.getByTestId('confirmation-code').innerText();
    expect(firstCode).toMatch(/^[A-Z0-9]{6}$/);
    await shot('03-booked');
  });

  it('offers alternatives when the slot is taken in between, and books one with one click', async () => {
    await page.getByRole('button', { name: 'Book another' }).click();
    await freeTime('11:00 AM').click();
    await page.getByLabel('Patient name').fill(GRACE.name);
    await page.getByLabel('Patient mobile').fill(GRACE.phone);

    // Meanwhile someone else books 11:00 over the API.
    const services = await apiCall('GET', '/v1/services');
    const serviceId = services.body.data![0]!.id as string;
    const avail = await apiCall('GET', `/v1/availability?service=${serviceId}&from=${DAY}&to=${DAY}`);
    const slot = (avail.body.slots as { starts_at: string }[]).find((s) => s.starts_at.slice(11, 16) === '11:00')!;
    const rival = await apiCall('POST', '/v1/bookings', { service_id: serviceId, starts_at: slot.starts_at, patient: RIVAL });
    expect(rival.status).toBe(201);

    await page.getByRole('button', { name: /^Confirm booking/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'That time was just taken' });
    await alert.waitFor();
    const choices = alert.getByRole('list', { name: 'Alternative times' }).getByRole('button');
    expect(await choices.count()).toBeGreaterThan(0);
    expect(await choices.allInnerTexts()).not.toContain(expect.stringContaining('Book 11:00 AM'));
    await shot('04-slot-taken');
    const chosen = (await choices.first().innerText()).match(/\d{1,2}:\d{2} [AP]M/)![0];
    await choices.first().click();
    altCode = await page.getByTestId('confirmation-code').innerText();
    expect(altCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(altCode).not.toBe(firstCode);
    await page.getByRole('status').filter({ hasText: GRACE.name }).filter({ hasText: chosen }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('shows the bookings in the day, week and list views', async () => {
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Day' }).click();
    const day = schedule('Day schedule');
    await day.getByRole('button', { name: /10:00 AM.*Ada Lovelace, Cleaning with Dr\. Rivera/ }).waitFor();
    await day.getByRole('button', { name: /Grace Hopper/ }).waitFor();
    await day.getByRole('button', { name: /11:00 AM.*Walk-in Rival/ }).waitFor();
    await shot('05-day-view');

    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Week' }).click();
    const week = schedule('Week schedule');
    await week.getByRole('button', { name: /Ada Lovelace/ }).waitFor();
    // The chart counts the three bookings on their day.
    const chart = page.getByRole('img', { name: /Bookings per day this week/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(/ 3(,|$)/);
    await shot('06-week-view');

    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    const table = page.getByRole('table');
    await table.getByRole('row').filter({ hasText: ADA.name }).filter({ hasText: firstCode }).waitFor();
    await table.getByRole('row').filter({ hasText: GRACE.name }).filter({ hasText: altCode }).waitFor();
    await table.getByRole('row').filter({ hasText: ADA.name }).getByText('No calendar').waitFor();
    await shot('07-list-view');
  });

  it('reschedules from the booking details', async () => {
    await page.getByRole('button', { name: `Details for ${ADA.name}` }).click();
    const detail = page.getByRole('region', { name: /Ada Lovelace/ });
    await detail.getByRole('button', { name: 'Reschedule' }).click();
    // 12:30 PM exists on every day the test may run, Saturday (closing 13:00) included, and is far from the
    // morning bookings above.
    await freeTime('12:30 PM').click();
    await detail.getByRole('button', { name: /^Move to/ }).click();
    await status(/Moved to .*12:30 PM/).waitFor();
    await expect(detail.getByTestId('booking-when').innerText()).resolves.toContain('12:30 PM');
    await detail.getByText('moved 1 time').waitFor();
    await shot('08-rescheduled');
  });

  it('cancels after a confirmation', async () => {
    const detail = page.getByRole('region', { name: /Ada Lovelace/ });
    await detail.getByRole('button', { name: 'Cancel appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
    await dialog.getByLabel('Reason').fill('Patient called');
    await shot('09-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
    await detail.getByTestId('booking-status').filter({ hasText: 'Cancelled' }).waitFor();
    await page.getByLabel('Status').selectOption('cancelled');
    await page.getByRole('table').getByRole('row').filter({ hasText: ADA.name }).filter({ hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('table').getByRole('row').filter({ hasText: GRACE.name }).count()).toBe(0);
    await shot('10-cancelled');
  });
});

describe('portal: SMS log', () => {
  it('shows the confirmation text from the local outbox and handles a simulated STOP', async () => {
    await goTo(page, 'SMS log');
    const confirmation = page.getByRole('table').first().getByRole('row').filter({ hasText: firstCode });
    await confirmation.waitFor();
    await confirmation.getByText('Confirmation').waitFor();
    await confirmation.getByText(ADA.phone).waitFor();

    await page.getByLabel('Patient number').fill(ADA.phone);
    await page.getByRole('group', { name: 'Common replies' }).getByRole('button', { name: 'STOP' }).click();
    await page.getByRole('button', { name: 'Send as patient' }).click();
    await status(/was delivered to the clinic/).waitFor();
    const optOuts = page.getByRole('region', { name: 'Opt-outs' });
    await optOuts.getByRole('row').filter({ hasText: ADA.phone }).filter({ hasText: 'STOP' }).waitFor({ timeout: 20_000 });
    await page.getByRole('table').first().getByRole('row').filter({ hasText: 'STOP' }).filter({ hasText: 'From patient' }).waitFor();
    await shot('11-sms-log');
  });

  it('fits a 375px screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await goTo(page, 'Appointments');
    await schedule('Week schedule').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot('12-mobile-week');
    expect(pageErrors).toEqual([]);
  });
});
