// Writes the package as it should be published into a folder (default .publish): dist, README and a
// package.json whose `exports` come from `publishConfig`. npm publishes package.json verbatim and does not
// apply publishConfig.exports (pnpm and yarn do), so publishing the workspace folder itself would ship
// exports pointing at ./src, which `files` leaves out.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? '.publish');
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { scripts: _scripts, devDependencies: _dev, publishConfig = {}, ...rest } = pkg;
const { exports: publishedExports, ...publishSettings } = publishConfig;
const manifest = {
  ...rest,
  exports: publishedExports,
  types: publishedExports?.['.']?.types,
  sideEffects: false,
  ...(Object.keys(publishSettings).length ? { publishConfig: publishSettings } : {}),
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });
cpSync(join(root, 'README.md'), join(out, 'README.md'));
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`staged ${manifest.name}@${manifest.version} in ${out}`);
