#!/usr/bin/env node
// Enforces the dependency direction of ARCHITECTURE.md and docs/decisions/0016-module-front-doors.md:
// - core never imports a vendor SDK; a connector never reads process.env or the database, nor imports core;
// - front doors: code outside module B (another module, the app, platform, connectors, bench) imports B only
//   through modules/B/index.ts, and a module's own files never import its index.ts (cycles);
// - platform/ imports no module (the app, src/app/, wires modules into it);
// - table ownership: a module's SQL names only the tables it owns (boundaries/tables.mjs, checked against the
//   migrations), except the listed remaining uses in boundaries/allowlist.mjs.
// Usage: node scripts/check-boundaries.mjs [repo root]   (the root argument lets a test point it at a fixture tree)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(process.argv[2] ?? fileURLToPath(new URL('../../..', import.meta.url)));
const CORE = join(ROOT, 'packages/core');
const SRC = join(CORE, 'src');
const VENDOR = /from ['"](@vapi-ai\/|twilio|@googleapis\/|googleapis|@elevenlabs\/|openai|svix|@workos-inc\/|stripe)/;

function walk(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const posix = (p) => p.split(sep).join('/');
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/.*$/gm, '');

async function loadList(file, name, fallback) {
  const p = join(CORE, 'scripts/boundaries', file);
  if (!existsSync(p)) return fallback;
  return (await import(pathToFileURL(p).href))[name] ?? fallback;
}
const TABLE_OWNERS = await loadList('tables.mjs', 'TABLE_OWNERS', {});
const FOREIGN_TABLE_USES = await loadList('allowlist.mjs', 'FOREIGN_TABLE_USES', []);
const FRONT_DOOR_EXCEPTIONS = await loadList('allowlist.mjs', 'FRONT_DOOR_EXCEPTIONS', []);

const problems = [];

/** The module a path under src/modules belongs to, or null. */
function moduleOf(abs) {
  const r = posix(relative(SRC, abs));
  return r.startsWith('modules/') ? r.split('/')[1] : null;
}

/** Relative import specifiers of a file (static, re-exports, side-effect and dynamic imports). */
function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

// --- core: vendors, connectors, front doors, platform direction ---
const coreFiles = [...walk(SRC), ...walk(join(CORE, 'bench'))];
for (const file of coreFiles) {
  const raw = readFileSync(file, 'utf8');
  const text = withoutComments(raw);
  const rel = posix(relative(ROOT, file));
  const srcRel = posix(relative(SRC, file));
  if (VENDOR.test(text)) problems.push(`${rel}: core imports a vendor SDK`);
  // The registry (src/connectors) is the one place that builds connectors; the rest of core sees kit interfaces.
  if (!srcRel.startsWith('..') && !srcRel.startsWith('connectors/') && /from ['"]@voxanne\/connector-(?!kit)/.test(text)) {
    problems.push(`${rel}: imports a connector package outside src/connectors (use the registry)`);
  }
  const own = moduleOf(file);
  for (const spec of importsOf(text)) {
    const target = resolve(dirname(file), spec);
    const other = moduleOf(target);
    if (other && other === own && posix(relative(join(SRC, 'modules', own), target)) === 'index.ts' && !file.endsWith(`${sep}index.ts`)) {
      problems.push(`${rel}: imports its own module's index.ts; inside a module import the file itself (the front door is for others)`);
      continue;
    }
    if (!other || other === own) continue;
    if (srcRel.startsWith('platform/')) {
      problems.push(`${rel}: platform imports module "${other}" (${spec}); platform imports no module, the app (src/app) wires modules in`);
      continue;
    }
    const targetRel = posix(relative(join(SRC, 'modules', other), target));
    if (targetRel === 'index.ts') continue;
    if (FRONT_DOOR_EXCEPTIONS.some((e) => e.file === rel && e.import === `${other}/${targetRel}`)) continue;
    const from = own ? `module "${own}"` : 'code outside modules';
    problems.push(`${rel}: ${from} imports ${other}/${targetRel}; import module "${other}" only through its front door ../${other}/index.ts`);
  }
}

// --- table ownership ---
const created = new Set();
for (const file of walk(join(SRC, 'migrations'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(?:\w+\.)?([a-z_][a-z0-9_]*)/gi)) created.add(m[1]);
}
for (const t of created) if (!TABLE_OWNERS[t]) problems.push(`scripts/boundaries/tables.mjs: table "${t}" (created by a migration) has no owning module`);
for (const t of Object.keys(TABLE_OWNERS)) if (!created.has(t)) problems.push(`scripts/boundaries/tables.mjs: table "${t}" is created by no migration`);

const known = Object.keys(TABLE_OWNERS).join('|');
// Knex builders (tx('calls'), .from('calls'), .join('calls as c') ...) and raw SQL keywords naming a table.
const KNEX = new RegExp(`(?:\\b[A-Za-z_$][\\w$]*|\\.(?:from|join|leftJoin|rightJoin|innerJoin|fullOuterJoin|into|table|update))\\(\\s*['"\`](${known})(?:\\s+as\\s+\\w+)?['"\`]`, 'g');
const RAW = new RegExp(`\\b(?:FROM|JOIN|INSERT INTO|UPDATE|DELETE FROM)\\s+(?:ONLY\\s+)?(${known})\\b`, 'g');


for (const file of walk(join(SRC, 'modules'))) {
  const own = moduleOf(file);
  const rel = posix(relative(ROOT, file));
  const text = withoutComments(readFileSync(file, 'utf8'));
  const tables = new Set([...text.matchAll(KNEX), ...text.matchAll(RAW)].map((m) => m[1]));
  for (const table of tables) {
    const owner = TABLE_OWNERS[table];
    if (owner === own) continue;
    if (FOREIGN_TABLE_USES.some((e) => e.file === rel && e.table === table)) continue;
    problems.push(`${rel}: module "${own}" names table "${table}", owned by ${owner === 'platform' ? 'the platform' : `module "${owner}"`}; ask the owner through its front door (or its events)`);
  }
}
// An allowlist entry that no longer matches anything should be removed, so the list only shrinks.
for (const e of FOREIGN_TABLE_USES) {
  const p = join(ROOT, e.file);
  const text = existsSync(p) ? withoutComments(readFileSync(p, 'utf8')) : '';
  const names = new Set([...text.matchAll(KNEX), ...text.matchAll(RAW)].map((m) => m[1]));
  if (!names.has(e.table)) problems.push(`scripts/boundaries/allowlist.mjs: stale entry ${e.file} + ${e.table} (no longer used: remove it)`);
}

// --- connectors ---
for (const file of walk(join(ROOT, 'packages/connectors'))) {
  if (/[\\/](test|testing)[\\/]|\.test\.ts$/.test(file)) continue;
  // Comments may name what the code avoids ("never reads process.env"); only code counts.
  const text = withoutComments(readFileSync(file, 'utf8'));
  const rel = posix(relative(ROOT, file));
  if (/process\.env/.test(text)) problems.push(`${rel}: a connector reads process.env (pass config in)`);
  if (/from ['"](knex|pg|@electric-sql\/pglite)['"]/.test(text)) problems.push(`${rel}: a connector touches the database`);
  if (/from ['"]@voxanne\/core/.test(text)) problems.push(`${rel}: a connector imports core`);
}

if (problems.length) {
  console.error(`Dependency rules broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rules hold');
