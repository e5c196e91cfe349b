// API figures, measured from outside with autocannon against the built API (one process, Express)
// on a throwaway database:
//   P2 requests/s of an authenticated, database-backed GET /api/v1/jobs/{id} ÷ requests/s of the
//      trivial unauthenticated hello route (/healthz) of the same app, same adapter, same run;
//      GET /api/v1/me and an unauthenticated 401 are printed beside them;
//   P8 the API's idle RSS, then RSS and heap used after each 100,000 mixed requests (hello, me,
//      job, list), three rounds: below the goal and flat between the second and the third.
// BENCH_API_DURATION_S (default 5) is each throughput measurement; BENCH_API_ROUND_REQUESTS
// (default 100000) the size of one memory round, BENCH_API_ROUNDS (default 3) their number.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { startApi } from './support/api-process.mjs';
import { cleanupAll, onCleanup } from './support/cleanup.mjs';
import { ensureBuilt } from './support/paths.mjs';
import { processReport, reporterEnv } from './support/process-report.mjs';
import { rssMb } from './support/process-memory.mjs';
import { round } from './support/stats.mjs';
import { createThrowawayEnvironment, createUserWithKey } from './support/throwaway-environment.mjs';

export const GOALS = { p2_job_over_hello_ge: 0.4, p8_idle_rss_mib_lt: 120, p8_rss_after_mixed_mib_lt: 250, p8_growth_last_round_mib_le: 15 };
/** BENCH_STRICT=1 fails the run only past goal × this (a wide miss), not on noise around the goal. */
const WIDE_MARGIN = 1.5;

const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_API_DURATION_S ?? 5);
const ROUND_REQUESTS = Number(process.env.BENCH_API_ROUND_REQUESTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 3);

export async function run() {
  ensureBuilt();
  try {
    const reportDir = await mkdtemp(join(tmpdir(), 'scriptorium_bench_heap_'));
    onCleanup(`heap reports ${reportDir}`, () => rm(reportDir, { recursive: true, force: true }));
    const { env } = await createThrowawayEnvironment({
      // The rate limit is on (every request counts in Redis) but set so high that nothing is refused.
      RATE_LIMIT_MAX: '100000000',
      ...reporterEnv(reportDir),
    });
    const { key } = createUserWithKey(env);
    const jobId = await insertJob(env.DATABASE_URL);
    const api = await startApi(env);
    const base = `http://127.0.0.1:${api.port}`;
    const auth = { authorization: `Bearer ${key}` };

    await sleep(1000);
    const idle = await memoryOf(api.pid, reportDir);

    const targets = {
      hello: { path: '/healthz', headers: {} },
      job: { path: `/api/v1/jobs/${jobId}`, headers: auth },
      me: { path: '/api/v1/me', headers: auth },
      unauthorized: { path: '/api/v1/me', headers: {}, expect: 401 },
    };
    try {
      for (const target of Object.values(targets)) await expectStatus(base, target);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; API output:\n${api.output()}`, { cause: error });
    }
    // Warm-up (JIT, pools) of every route, untimed.
    for (const target of Object.values(targets)) await cannon({ url: base + target.path, headers: target.headers, duration: 1 });

    // Hello and job interleaved twice (A B B A) so neither always runs on a warmer process.
    const rps = { hello: [], job: [], me: [], unauthorized: [] };
    for (const name of ['hello', 'job', 'me', 'unauthorized', 'job', 'hello']) {
      const target = targets[name];
      const result = await cannon({ url: base + target.path, headers: target.headers, duration: DURATION_S });
      checkAnswers(name, result, target.expect ?? 200);
      rps[name].push(result.requests.average);
    }
    const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const helloRps = mean(rps.hello);
    const jobRps = mean(rps.job);

    const mixed = [
      { method: 'GET', path: '/healthz' },
      { method: 'GET', path: '/api/v1/me', headers: auth },
      { method: 'GET', path: `/api/v1/jobs/${jobId}`, headers: auth },
      { method: 'GET', path: '/api/v1/jobs?limit=20', headers: auth },
    ];
    const rounds = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      const result = await cannon({ url: base, requests: mixed, amount: ROUND_REQUESTS });
      checkAnswers('mixed', result, 200);
      await sleep(500);
      rounds.push({ requests: (index + 1) * ROUND_REQUESTS, ...(await memoryOf(api.pid, reportDir)) });
    }
    const last = rounds.at(-1);
    const growth = rounds.length >= 2 ? last.rss_mib - rounds.at(-2).rss_mib : 0;

    const result = {
      p2_job_over_hello: round(jobRps / helloRps, 3),
      hello_rps: round(helloRps, 0),
      job_rps: round(jobRps, 0),
      me_rps: round(mean(rps.me), 0),
      unauthorized_rps: round(mean(rps.unauthorized), 0),
      p8_idle_rss_mib: idle.rss_mib,
      p8_idle_heap_used_mib: idle.heap_used_mib,
      p8_rounds: rounds,
      p8_rss_after_mixed_mib: last.rss_mib,
      p8_growth_last_round_mib: round(growth),
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      adapter: 'express',
      note: 'autocannon from the bench process against one API process on the same machine; hello = /healthz (public, no rate limit); the rate limit counts every other request in Redis',
      goals: GOALS,
    };
    result.met = {
      p2: result.p2_job_over_hello >= GOALS.p2_job_over_hello_ge,
      p8_idle: result.p8_idle_rss_mib < GOALS.p8_idle_rss_mib_lt,
      p8_after: result.p8_rss_after_mixed_mib < GOALS.p8_rss_after_mixed_mib_lt,
      p8_flat: result.p8_growth_last_round_mib <= GOALS.p8_growth_last_round_mib_le,
    };
    return result;
  } finally {
    await cleanupAll();
  }
}

export function wideMisses(result) {
  const misses = [];
  if (result.p2_job_over_hello < GOALS.p2_job_over_hello_ge / WIDE_MARGIN) misses.push(`p2 ${result.p2_job_over_hello}`);
  if (result.p8_idle_rss_mib > GOALS.p8_idle_rss_mib_lt * WIDE_MARGIN) misses.push(`p8 idle ${result.p8_idle_rss_mib} MiB`);
  if (result.p8_rss_after_mixed_mib > GOALS.p8_rss_after_mixed_mib_lt * WIDE_MARGIN) misses.push(`p8 after ${result.p8_rss_after_mixed_mib} MiB`);
  return misses;
}

/** Rows for the table `npm run bench` prints: figure, value, goal, met. */
export function figures(result) {
  return [
    { figure: 'P2 job ÷ hello req/s', value: result.p2_job_over_hello, goal: `≥ ${GOALS.p2_job_over_hello_ge}`, met: result.met.p2 },
    { figure: 'P8 idle API RSS (MiB)', value: result.p8_idle_rss_mib, goal: `< ${GOALS.p8_idle_rss_mib_lt}`, met: result.met.p8_idle },
    { figure: `P8 RSS after ${result.p8_rounds.at(-1).requests} requests (MiB)`, value: result.p8_rss_after_mixed_mib, goal: `< ${GOALS.p8_rss_after_mixed_mib_lt}`, met: result.met.p8_after },
    { figure: 'P8 growth in the last round (MiB)', value: result.p8_growth_last_round_mib, goal: `≤ ${GOALS.p8_growth_last_round_mib_le}`, met: result.met.p8_flat },
  ];
}

export function summary(result) {
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  return [
    `req/s: hello ${result.hello_rps}, job ${result.job_rps}, me ${result.me_rps}, 401 ${result.unauthorized_rps}`,
    `P2 job ÷ hello: ${result.p2_job_over_hello} (goal ≥ ${GOALS.p2_job_over_hello_ge}: ${mark(result.met.p2)})`,
    `P8 idle RSS: ${result.p8_idle_rss_mib} MiB (heap used ${result.p8_idle_heap_used_mib}; goal < ${GOALS.p8_idle_rss_mib_lt}: ${mark(result.met.p8_idle)})`,
    ...result.p8_rounds.map((r) => `P8 after ${r.requests} mixed requests: RSS ${r.rss_mib} MiB, heap used ${r.heap_used_mib} MiB`),
    `P8 RSS after all: ${result.p8_rss_after_mixed_mib} MiB (goal < ${GOALS.p8_rss_after_mixed_mib_lt}: ${mark(result.met.p8_after)}); ` +
      `last round grew ${result.p8_growth_last_round_mib} MiB (goal ≤ ${GOALS.p8_growth_last_round_mib_le}: ${mark(result.met.p8_flat)})`,
  ].join('\n');
}

function cannon(options) {
  return autocannon({ connections: CONNECTIONS, ...options });
}

function checkAnswers(name, result, expected) {
  const total = result.requests.total;
  const good = expected === 200 ? result['2xx'] : result['4xx'];
  if (result.errors > 0 || result.timeouts > 0 || good < total * 0.99) {
    throw new Error(
      `${name}: ${total} requests, ${result['2xx']} 2xx, ${result['4xx']} 4xx, ${result['5xx']} 5xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

async function expectStatus(base, target) {
  const response = await globalThis.fetch(base + target.path, { headers: target.headers });
  await response.arrayBuffer();
  const expected = target.expect ?? 200;
  if (response.status !== expected) throw new Error(`GET ${target.path} answered ${response.status}, expected ${expected}`);
}

/** RSS from /proc, heap used from the API itself (bench/support/heap-reporter.cjs). */
async function memoryOf(pid, reportDir) {
  const report = await processReport(pid, reportDir);
  return { rss_mib: round(rssMb(pid)), heap_used_mib: report ? round(report.heapUsed / 1024 / 1024) : null };
}

/** A finished generate_blog job of the bench user with a few steps, like a real one. */
async function insertJob(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select id from users order by created_at desc limit 1');
    const jobId = randomUUID();
    await client.query(
      `insert into jobs (id, created_at, updated_at, user_id, type, status, input, output, attempts, max_attempts, started_at, finished_at)
       values ($1, now(), now(), $2, 'generate_blog', 'succeeded', $3, $4, 1, 3, now(), now())`,
      [jobId, rows[0].id, JSON.stringify({ text: 'x'.repeat(2000), options: { chapters_count: 4 } }), JSON.stringify({ post_id: randomUUID(), tokens_in: 1200, tokens_out: 800 })],
    );
    for (const name of ['outline', 'seo', 'chapter_1', 'chapter_2', 'chapter_3', 'chapter_4', 'compose', 'persist']) {
      await client.query(
        `insert into job_steps (id, created_at, updated_at, job_id, name, status, output, attempts, started_at, finished_at)
         values ($1, now(), now(), $2, $3, 'succeeded', $4, 1, now(), now())`,
        [randomUUID(), jobId, name, JSON.stringify({ summary: 'y'.repeat(300) })],
      );
    }
    return jobId;
  } finally {
    await client.end();
  }
}
