#!/usr/bin/env node
// Enforces the dependency direction of ARCHITECTURE.md: core never imports a vendor SDK, a connector
// never reads process.env or the database, and a module never reaches into another module's repo.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const VENDOR = /from ['"](@vapi-ai\/|twilio|@googleapis\/|googleapis|@elevenlabs\/|openai|svix|@workos-inc\/|stripe)/;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const problems = [];
for (const file of walk(join(ROOT, 'packages/core/src'))) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(ROOT, file);
  if (VENDOR.test(text)) problems.push(`${rel}: core imports a vendor SDK`);
  // The registry (src/connectors) is the one place that builds connectors; the rest of core sees kit interfaces.
  if (!rel.includes(`core${sep}src${sep}connectors${sep}`) && /from ['"]@voxanne\/connector-(?!kit)/.test(text)) {
    problems.push(`${rel}: imports a connector package outside src/connectors (use the registry)`);
  }
  const mod = rel.split(sep).slice(0, 5).join('/');
  for (const m of text.matchAll(/from ['"](\.\.\/)+modules\/([a-z-]+)\/repo\.ts['"]|from ['"]\.\.\/([a-z-]+)\/repo\.ts['"]/g)) {
    const target = m[2] ?? m[3];
    if (!mod.endsWith(`/${target}`)) problems.push(`${rel}: imports the repo of module "${target}" (call its service instead)`);
  }
}
for (const file of walk(join(ROOT, 'packages/connectors'))) {
  if (/[\\/](test|testing)[\\/]|\.test\.ts$/.test(file)) continue;
  // Comments may name what the code avoids ("never reads process.env"); only code counts.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/.*$/gm, '');
  const rel = relative(ROOT, file);
  if (/process\.env/.test(text)) problems.push(`${rel}: a connector reads process.env (pass config in)`);
  if (/from ['"](knex|pg|@electric-sql\/pglite)['"]/.test(text)) problems.push(`${rel}: a connector touches the database`);
  if (/from ['"]@voxanne\/core/.test(text)) problems.push(`${rel}: a connector imports core`);
}

if (problems.length) {
  console.error(`Dependency rules broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rules hold');
