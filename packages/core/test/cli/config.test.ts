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

describe('PUBLIC_URL', () => {
  it('defaults to the port the server listens on, so vendors and the SMS simulator call back the right place', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    // A specific interface is where the server can be reached; a wildcard one is reached as localhost.
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PORT: '8080', HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
    expect(loadConfig({ PORT: '8080', HOST: '::' }).publicUrl).toBe('http://localhost:8080');
  });

  it('is taken as set when set', () => {
    const c = loadConfig({ PORT: '8080', PUBLIC_URL: 'https://clinic.example/' });
    expect(c.publicUrl).toBe('https://clinic.example');
    expect(c.session.secureCookie).toBe(true);
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and with false or 0', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes a hop count: 1 means one proxy in front, not "trust everything"', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('takes a list of proxy addresses and CIDR ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,::1,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: 'loopback,uniquelocal' }).trustProxy).toEqual(['loopback', 'uniquelocal']);
  });

  it('refuses true (every hop trusted lets any client forge its IP) and anything unreadable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*number of proxies/s);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the voice connector in production (issue #10 item 19)', () => {
  const production = { NODE_ENV: 'production', VOICE_WEBHOOK_SECRET: 'x'.repeat(32) };

  it('defaults to Vapi, so a live call never falls back to the simulator', () => {
    expect(loadConfig(production).connectors.defaultVoice).toBe('vapi');
    expect(loadConfig({}).connectors.defaultVoice).toBe('simulator');
    expect(loadConfig({ DEFAULT_VOICE_CONNECTOR: 'vapi' }).connectors.defaultVoice).toBe('vapi');
  });

  it('refuses DEFAULT_VOICE_CONNECTOR=simulator in production, naming the variable', () => {
    expect(() => loadConfig({ ...production, DEFAULT_VOICE_CONNECTOR: 'simulator' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, DEFAULT_VOICE_CONNECTOR: 'simulator' })).toThrow(/DEFAULT_VOICE_CONNECTOR/);
  });
});
