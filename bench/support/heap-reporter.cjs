// Preloaded into a process under bench (NODE_OPTIONS=--require …): on SIGWINCH it writes
// process.memoryUsage() to $BENCH_HEAP_REPORT_DIR/<pid>.json, so the bench can read the heap used
// of another process. Does nothing without BENCH_HEAP_REPORT_DIR. (SIGWINCH: ignored by default and
// not one of the signals Nest's shutdown hooks stop the app on.)
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_HEAP_REPORT_DIR;
if (dir && !process.env.BENCH_CPU_PROFILE_DIR) {
  process.on('SIGWINCH', () => {
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  });
}

// With BENCH_CPU_PROFILE_DIR set, SIGWINCH instead starts a CPU profile, and the next SIGWINCH
// writes it there as <pid>-<n>.cpuprofile (for a profile of a chosen stretch of the run).
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
if (profileDir) {
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(profileDir, `${process.pid}-${(count += 1)}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
