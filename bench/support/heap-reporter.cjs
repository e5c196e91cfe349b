// Preloaded into a process under bench (NODE_OPTIONS=--require …): on SIGWINCH it writes
// process.memoryUsage() to $BENCH_HEAP_REPORT_DIR/<pid>.json, so the bench can read the heap used
// of another process. Does nothing without BENCH_HEAP_REPORT_DIR. (SIGWINCH: ignored by default and
// not one of the signals Nest's shutdown hooks stop the app on.)
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_HEAP_REPORT_DIR;
if (dir) {
  process.on('SIGWINCH', () => {
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  });
}
