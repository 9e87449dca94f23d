import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const CORE = fileURLToPath(new URL('../..', import.meta.url));

describe('configuration', () => {
  it('has embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ driver: 'pglite', dataDir: './.voxanne' });
    expect(c.redisUrl).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z' })).toThrow(/VOXANNE_ENCRYPTION_KEYS/);
  });

  it('makes the process exit at once with the message', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: CORE,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
  });

  it('prints usage for an unknown command', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'dance'], { cwd: CORE, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('serve');
  });
});

describe('the embedded data folder', () => {
  it('lands where the user ran npm, not in the package folder npm switched to', () => {
    const c = loadConfig({ INIT_CWD: '/home/dev/voxanne' });
    expect(c.dataDir).toBe('/home/dev/voxanne/.voxanne');
    expect(c.database).toEqual({ driver: 'pglite', dataDir: '/home/dev/voxanne/.voxanne' });
    expect(loadConfig({ INIT_CWD: '/x', VOXANNE_DATA_DIR: '/data' }).dataDir).toBe('/data');
  });
});
