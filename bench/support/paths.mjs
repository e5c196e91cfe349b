// Where the bench finds the project, its Node and its built code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The project's own Node (a dev dependency); the system one may be too old. */
export const NODE = existsSync(join(ROOT, 'node_modules/.bin/node')) ? join(ROOT, 'node_modules/.bin/node') : process.execPath;

export const API_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
export const CLI_MAIN = join(ROOT, 'dist/apps/cli/src/main.js');

/** Builds once when dist/ is missing; an existing dist/ is used as it is (never deleted or rebuilt). */
export function ensureBuilt() {
  if (existsSync(join(ROOT, 'dist')) && existsSync(API_MAIN)) return;
  process.stderr.write('bench: dist/ is missing, building (nest build api)…\n');
  const result = spawnSync(NODE, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'api'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error('nest build api failed');
}

/** Imports a module of the built code, e.g. `distModule('libs/ingestion/src/extractors/pdf.extractor.js')`. */
export function distModule(path) {
  return import(pathToFileURL(join(ROOT, 'dist', path)).href);
}
