import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type UserConfig } from '@hey-api/openapi-ts';
import config from '../openapi-ts.config.ts';

const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const committed = join(sdkDir, 'src/generated');
const fresh = mkdtempSync(join(tmpdir(), 'voxanne-sdk-generated-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), readFileSync(path, 'utf8'));
  }
  return out;
}

it('src/generated is what openapi.yaml and openapi-ts.config.ts produce today (run `npm run generate` if not)', async () => {
  // defineConfig() returns a promise; spreading it unawaited would silently regenerate with the defaults.
  const base = await config;
  const output = base.output;
  if (typeof output !== 'object' || Array.isArray(output)) throw new Error('openapi-ts.config.ts should have one output object');
  expect(base.plugins, 'the project config was loaded').toBeDefined();
  // Same config, other output folder; the input made absolute so the test does not depend on the cwd.
  await createClient({
    ...base,
    input: join(sdkDir, '../../openapi.yaml'),
    output: { ...output, path: fresh },
    logs: { file: false, level: 'silent' },
  } as UserConfig);

  const want = files(fresh);
  const have = files(committed);
  expect(want.size).toBeGreaterThan(0);
  expect([...have.keys()].sort(), 'generated file list').toEqual([...want.keys()].sort());
  const stale = [...want].filter(([path, text]) => have.get(path) !== text).map(([path]) => path);
  expect(stale, 'stale generated files').toEqual([]);
});
