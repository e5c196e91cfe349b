// Preloaded into a process under bench (NODE_OPTIONS=--require …): on SIGWINCH it writes
// process.memoryUsage(), the CPU time it used (process.cpuUsage(), µs) and the number of PostgreSQL
// queries and Redis commands the process sent so far to $BENCH_HEAP_REPORT_DIR/<pid>.json, so the bench can read them from outside. Does
// nothing without BENCH_HEAP_REPORT_DIR. (SIGWINCH: ignored by default and not one of the signals
// Nest's shutdown hooks stop the app on.)
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_HEAP_REPORT_DIR;
if (dir && !process.env.BENCH_CPU_PROFILE_DIR) {
  const counts = { pg_queries: 0, redis_commands: 0 };
  // BENCH_IO_DETAIL=1: also counts by kind (a query's first words without its values, a Redis command's name).
  const detail = process.env.BENCH_IO_DETAIL === '1' ? { pg: {}, redis: {} } : undefined;
  const kindOfQuery = (arg) => {
    const text = typeof arg === 'string' ? arg : arg && typeof arg.text === 'string' ? arg.text : '?';
    return text
      .replace(/E?'(?:[^']|'')*'/g, '?')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90);
  };
  // The app's pg and ioredis are these same CommonJS modules.
  // MikroORM's driver has a pg copy of its own: both are counted.
  for (const path of ['pg', join(process.cwd(), 'node_modules/@mikro-orm/postgresql/node_modules/pg')]) {
    try {
      const pg = require(path);
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function countedQuery(...args) {
        counts.pg_queries += 1;
        if (detail) {
          const kind = kindOfQuery(args[0]);
          detail.pg[kind] = (detail.pg[kind] ?? 0) + 1;
        }
        return query.apply(this, args);
      };
    } catch {
      // no such copy
    }
  }
  try {
    const { Redis } = require('ioredis');
    const sendCommand = Redis.prototype.sendCommand;
    Redis.prototype.sendCommand = function countedCommand(...args) {
      counts.redis_commands += 1;
      if (detail) {
        const name = String(args[0]?.name ?? '?');
        // A Lua script (BullMQ's) by its sha's head and its first key's last part.
        const scriptArgs = args[0]?.args ?? [];
        const kind = name === 'evalsha' ? `evalsha:${String(scriptArgs[0]).slice(0, 8)}:${String(scriptArgs[2] ?? '').split(':').pop()}` : name;
        detail.redis[kind] = (detail.redis[kind] ?? 0) + 1;
      }
      return sendCommand.apply(this, args);
    };
  } catch {
    // no ioredis here
  }
  process.on('SIGWINCH', () => {
    const file = join(dir, `${process.pid}.json`);
    const cpu = process.cpuUsage();
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...process.memoryUsage(), ...counts, cpu_user_us: cpu.user, cpu_system_us: cpu.system, ...(detail ? { detail } : {}) }));
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
