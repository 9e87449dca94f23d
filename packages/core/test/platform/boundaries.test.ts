import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CHECKER = fileURLToPath(new URL('../../scripts/check-boundaries.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../../..', import.meta.url));

function check(root?: string) {
  const r = spawnSync(process.execPath, [CHECKER, ...(root ? [root] : [])], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A small repo tree: two modules (a owns a_things, b owns b_things) and a platform file; overrides replace files. */
function fixture(overrides: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'vox-boundaries-'));
  roots.push(root);
  const files: Record<string, string> = {
    'packages/core/src/migrations/001_init.ts': "export const up = 'CREATE TABLE a_things (id text); CREATE TABLE b_things (id text);';\n",
    'packages/core/scripts/boundaries/tables.mjs': "export const TABLE_OWNERS = { a_things: 'a', b_things: 'b' };\n",
    'packages/core/src/modules/a/service.ts': "export const listA = (tx: any) => tx('a_things').select();\n",
    'packages/core/src/modules/a/index.ts': "export { listA } from './service.ts';\n",
    'packages/core/src/modules/b/service.ts': "import { listA } from '../a/index.ts';\nexport const listB = (tx: any) => [listA(tx), tx('b_things').select()];\n",
    'packages/core/src/platform/db.ts': 'export const db = 1;\n',
    'packages/core/src/app/modules.ts': "import { listA } from '../modules/a/index.ts';\nexport const MODULES = [listA];\n",
    ...overrides,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check-boundaries', () => {
  it('passes on a tree that keeps the rules', () => {
    expect(check(fixture())).toMatchObject({ status: 0 });
  });

  it('fails on an import past a module front door', () => {
    const r = check(fixture({ 'packages/core/src/modules/b/service.ts': "import { listA } from '../a/service.ts';\nexport const listB = listA;\n" }));
    expect(r.status).toBe(1);
    expect(r.out).toContain('packages/core/src/modules/b/service.ts: module "b" imports a/service.ts; import module "a" only through its front door ../a/index.ts');
  });

  it("fails when a module imports its own front door", () => {
    const r = check(fixture({ 'packages/core/src/modules/a/other.ts': "import { listA } from './index.ts';\nexport const x = listA;\n" }));
    expect(r.status).toBe(1);
    expect(r.out).toContain("packages/core/src/modules/a/other.ts: imports its own module's index.ts");
  });

  it('fails when platform imports a module, even through its front door', () => {
    const r = check(fixture({ 'packages/core/src/platform/db.ts': "import { listA } from '../modules/a/index.ts';\nexport const db = listA;\n" }));
    expect(r.status).toBe(1);
    expect(r.out).toContain('packages/core/src/platform/db.ts: platform imports module "a"');
  });

  it("fails when a module's SQL names another module's table", () => {
    const r = check(fixture({ 'packages/core/src/modules/b/service.ts': 'export const listB = (tx: any) => tx.raw(`SELECT * FROM a_things`);\n' }));
    expect(r.status).toBe(1);
    expect(r.out).toContain('packages/core/src/modules/b/service.ts: module "b" names table "a_things", owned by module "a"');
  });

  it('fails when a migration creates a table no module owns', () => {
    const r = check(fixture({ 'packages/core/src/migrations/002_more.ts': "export const up = 'CREATE TABLE c_things (id text);';\n" }));
    expect(r.status).toBe(1);
    expect(r.out).toContain('table "c_things" (created by a migration) has no owning module');
  });

  it('accepts an allowlisted foreign table use and flags a stale allowlist entry', () => {
    const allow = "export const FOREIGN_TABLE_USES = [{ file: 'packages/core/src/modules/b/service.ts', table: 'a_things' }];\n";
    const foreign = { 'packages/core/src/modules/b/service.ts': "export const listB = (tx: any) => tx.from('a_things');\n" };
    expect(check(fixture({ ...foreign, 'packages/core/scripts/boundaries/allowlist.mjs': allow })).status).toBe(0);
    const stale = check(fixture({ 'packages/core/scripts/boundaries/allowlist.mjs': allow }));
    expect(stale.status).toBe(1);
    expect(stale.out).toContain('stale entry packages/core/src/modules/b/service.ts + a_things');
  });

  it('passes on the real tree', () => {
    const r = check(REPO);
    expect(r.out).toContain('dependency rules hold');
    expect(r.status).toBe(0);
  });
});
