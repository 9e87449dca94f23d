import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('../..', import.meta.url));

describe('generated code', () => {
  it('core types match openapi.yaml (run `npm run generate` after changing the spec)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxanne-gen-'));
    try {
      const out = join(dir, 'api.ts');
      execFileSync(process.execPath, [join(CORE, '../../node_modules/openapi-typescript/bin/cli.js'), '../../openapi.yaml', '-o', out], { cwd: CORE, stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(CORE, 'src/generated/api.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
