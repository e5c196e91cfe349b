// Reads what bench/support/heap-reporter.cjs (preloaded into a process) reports: memory, and the
// PostgreSQL queries and Redis commands it sent so far.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './paths.mjs';

export const HEAP_REPORTER = join(ROOT, 'bench/support/heap-reporter.cjs');

/** The environment that preloads the reporter, writing into `dir`. */
export function reporterEnv(dir) {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${HEAP_REPORTER}`.trim(), BENCH_HEAP_REPORT_DIR: dir };
}

/** Asks process `pid` for its report (SIGWINCH) and returns it, or undefined after 5 s. */
export async function processReport(pid, dir) {
  const file = join(dir, `${pid}.json`);
  await rm(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch {
      if (Date.now() > deadline) return undefined;
      await sleep(50);
    }
  }
}
