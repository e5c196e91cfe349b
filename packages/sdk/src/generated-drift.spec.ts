import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SDK_DIR = 'packages/sdk';
const COMMITTED = join(SDK_DIR, 'src/generated');
const GENERATOR = 'node_modules/@hey-api/openapi-ts/bin/run.js';

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('the generated SDK', () => {
  it('is what openapi.json generates (after changing the API: `npm run build && npm run openapi:write`)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'sdk-generated-'));
    try {
      const run = spawnSync(process.execPath, [join(process.cwd(), GENERATOR)], {
        cwd: SDK_DIR,
        env: { ...process.env, SDK_GENERATED_DIR: fresh },
        encoding: 'utf8',
      });
      expect([run.status, run.stderr]).toEqual([0, '']);
      const expected = filesUnder(fresh);
      const committed = filesUnder(COMMITTED);
      expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [file, content] of expected) expect([file, committed.get(file)]).toEqual([file, content]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
