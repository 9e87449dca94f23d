import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { dataDirProblem } from '../../src/platform/data-dir.ts';
import { call, startTestServer } from '../support/index.ts';

// Issue #10 item 8: the embedded database, its key and the voice secret live in the data folder.
const root = mkdtempSync(join(tmpdir(), 'voxanne-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every entry below `dir` (and `dir` itself) with permission bits other than dirs 0700 / files 0600. */
function loosePermissions(dir: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    const mode = st.mode & 0o777;
    if (st.isDirectory()) {
      if (mode !== 0o700) out.push(`${p} ${mode.toString(8)}`);
      for (const name of readdirSync(p)) visit(join(p, name));
    } else if (mode !== 0o600) out.push(`${p} ${mode.toString(8)}`);
  };
  visit(dir);
  return out;
}

const embedded = (dataDir: string) => startTestServer({ driver: 'pglite', redis: false, dataDir, env: { VOXANNE_ENCRYPTION_KEYS: '' } });

describe('the embedded data folder', () => {
  it('is created 0700 with every file in it 0600', async () => {
    const dataDir = join(root, 'fresh', '.voxanne');
    const server = await embedded(dataDir);
    try {
      expect((await call(server.url, 'GET', '/ready')).status).toBe(200);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await server.close();
    }
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(existsSync(join(dataDir, 'keyring'))).toBe(true);
    expect(loosePermissions(dataDir)).toEqual([]);
  });

  it('tightens a folder others can read, with what is already in it', async () => {
    const dataDir = join(root, 'readable');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'keyring'), 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');
    chmodSync(join(dataDir, 'keyring'), 0o644);
    const server = await embedded(dataDir);
    await server.close();
    expect(loosePermissions(dataDir)).toEqual([]);
  });

  it.each([['777', 0o777], ['775', 0o775], ['757', 0o757]])('refuses to start on a folder others can write (mode %s), naming the folder and the fix', async (name, mode) => {
    const dataDir = join(root, `open-${name}`);
    mkdirSync(dataDir);
    chmodSync(dataDir, mode);
    const started = embedded(dataDir);
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(dataDir);
    await expect(started).rejects.toThrow(`chmod 700 ${dataDir}`);
    // Nothing was written into it.
    expect(readdirSync(dataDir)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(mode);
  });
});

describe('dataDirProblem', () => {
  const me = 1000;
  const st = (mode: number, uid = me) => ({ mode: 0o040000 | mode, uid, isDirectory: () => true });

  it('accepts a folder only its owner can write', () => {
    expect(dataDirProblem('/d', st(0o700), me)).toBeNull();
    expect(dataDirProblem('/d', st(0o755), me)).toBeNull();
  });

  it('refuses group- or world-writable folders and folders another user owns', () => {
    expect(dataDirProblem('/d', st(0o770), me)).toMatch(/other users.*chmod 700 \/d/s);
    expect(dataDirProblem('/d', st(0o702), me)).toMatch(/chmod 700 \/d/);
    expect(dataDirProblem('/d', st(0o700, 0), me)).toMatch(/owned by another user \(uid 0\).*chown/s);
  });

  it('refuses a path that is not a folder', () => {
    expect(dataDirProblem('/d', { mode: 0o100600, uid: me, isDirectory: () => false }, me)).toMatch(/not a folder/);
  });
});
