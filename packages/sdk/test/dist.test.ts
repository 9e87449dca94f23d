import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';

/**
 * Proves the package works as published: the real build, the staged manifest, `npm pack`, then a consumer
 * project that installs the tarball and uses it from plain Node (no tsx, no workspace links) and from
 * TypeScript with NodeNext resolution, checking the shipped .d.ts files too (skipLibCheck off).
 */

const exec = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
// Child processes must not inherit vitest's or tsx's loaders: this is about plain Node.
const plainEnv = { ...process.env, NODE_OPTIONS: '' };

let server: TestServer;
let work: string;
let consumer: string;
let packedFiles: string[];

beforeAll(async () => {
  server = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'voxanne-sdk-dist-'));
  await exec('npm', ['run', 'build'], { cwd: sdkDir, env: plainEnv });
  await exec(process.execPath, [join(sdkDir, 'scripts/stage-package.mjs'), join(work, 'staged')], { cwd: sdkDir, env: plainEnv });
  const { stdout } = await exec('npm', ['pack', join(work, 'staged'), '--pack-destination', work, '--json'], { cwd: work, env: plainEnv });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((f) => f.path);

  consumer = join(work, 'consumer');
  const installed = join(consumer, 'node_modules/@voxanne/sdk');
  mkdirSync(installed, { recursive: true });
  await exec('tar', ['-xzf', join(work, packed!.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
});

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await server?.close();
});

it('builds ESM JavaScript and declarations into dist', () => {
  const files = readdirSync(join(sdkDir, 'dist'), { recursive: true }) as string[];
  expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'client.js', 'generated/sdk.gen.js', 'generated/types.gen.d.ts']));
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(readFileSync(join(sdkDir, 'dist/index.js'), 'utf8')).toMatch(/from '\.\/client\.js'/);
});

it('packs dist, README and a manifest whose exports point at dist', () => {
  expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']));
  expect(packedFiles.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/@voxanne/sdk/package.json'), 'utf8'));
  expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
  expect(manifest).not.toHaveProperty('scripts');
  expect(manifest).not.toHaveProperty('devDependencies');
  expect(existsSync(join(consumer, 'node_modules/@voxanne/sdk', manifest.exports['.'].import))).toBe(true);
});

it('calls the API from plain Node through the installed package', async () => {
  const tenant = await createTenant(server.url, 'Dist Clinic');
  writeFileSync(
    join(consumer, 'main.mjs'),
    `import { Voxanne, NotFoundError, verifyWebhook } from '@voxanne/sdk';
const vox = new Voxanne({ baseUrl: process.env.VOXANNE_BASE_URL, apiKey: process.env.VOXANNE_API_KEY });
const org = await vox.orgs.retrieve();
const keys = [];
for await (const key of vox.apiKeys.list({ limit: 1 })) keys.push(key.id);
const missing = await vox.apiKeys.retrieve('key_01J9Z3Q6W2V8R4T5Y7X9K0P1A2').catch((e) => e);
console.log(JSON.stringify({ org: org.id, keys: keys.length, notFound: missing instanceof NotFoundError, verify: typeof verifyWebhook }));
`,
  );
  const { stdout } = await exec(process.execPath, ['main.mjs'], { cwd: consumer, env: { ...plainEnv, VOXANNE_BASE_URL: server.url, VOXANNE_API_KEY: tenant.adminKey } });
  expect(JSON.parse(stdout)).toEqual({ org: tenant.orgId, keys: 1, notFound: true, verify: 'function' });
});

it('type-checks for a TypeScript consumer with NodeNext resolution, shipped .d.ts included', async () => {
  writeFileSync(
    join(consumer, 'consumer.ts'),
    `import { Voxanne, RateLimitError, type ApiKey, type Org, type Page } from '@voxanne/sdk';
const vox = new Voxanne({ baseUrl: 'https://api.voxanne.example', apiKey: 'vox_test_x', org: 'org_01J9Z3Q6W2V8R4T5Y7X9K0P1A2' });
export async function demo(): Promise<[Org, Page<ApiKey>, number | undefined]> {
  const org: Org = await vox.withOrg(org_id()).orgs.retrieve();
  const page: Page<ApiKey> = await vox.apiKeys.list({ limit: 2 }).firstPage();
  const err = await vox.apiKeys.create({ name: 'n', scopes: ['read'] }).catch((e: unknown) => e);
  return [org, page, err instanceof RateLimitError ? err.retryAfter : undefined];
}
function org_id(): string { return 'org_01J9Z3Q6W2V8R4T5Y7X9K0P1A2'; }
// @ts-expect-error scopes are typed from the spec
void vox.apiKeys.create({ name: 'n', scopes: ['superuser'] });
`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], strict: true, noEmit: true, skipLibCheck: false },
      include: ['consumer.ts'],
    }),
  );
  const result = await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, env: plainEnv }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );
  expect(result.out).toBe('');
  expect(result.code).toBe(0);
});
