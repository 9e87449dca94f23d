import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Debian's package installs the binary here; some images only have the launcher or the older name.
const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];
const INSTALL = 'apt-get install -y chromium';

function found(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * The Chromium the portal suite drives. A fresh Debian machine running as root (CI, a new dev box) gets it
 * installed once; anywhere else the message names the one command to run, because playwright's own browser
 * download cannot reach the internet from these machines.
 */
export function chromiumPath(): string {
  const path = found();
  if (path) return path;
  const canInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (!canInstall) {
    throw new Error(`No Chromium found (looked at ${CANDIDATES.join(', ')}). Run: sudo ${INSTALL} (or set CHROMIUM_PATH).`);
  }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const installed = found();
  if (!installed) throw new Error(`${INSTALL} finished but no Chromium binary is at ${CANDIDATES.join(', ')}.`);
  return installed;
}
