import { chromiumPath } from './portal/browser.ts';

// Once per run, before any file forks: installing the browser from several files at once would race on apt's lock.
export default function setup(): void {
  process.env.CHROMIUM_PATH = chromiumPath();
}
