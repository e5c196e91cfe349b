// Pipeline figures for generate_blog, run on the built API and worker processes against a
// throwaway database and a local fake chat model (bench/support/fake-chat-model.mjs):
//   P1 wall time ÷ critical path (outline + slowest of seo/chapters; compose makes no model call)
//      with a fixed 300 ms per model call, 6 chapters, CHAPTER_CONCURRENCY=6;
//   P3 orchestration overhead per run, wall − model time along the critical path, with a
//      zero-latency model, p50 over 10 runs; beside it the CPU time the worker and the API used per
//      run (process.cpuUsage(), user + system), which a busy machine inflates far less than wall time;
//   P4 prompt tokens sent to the model (the job's usage_events tokens_in) ÷ source tokens (chars/4)
//      for a ~10k-token transcript.
// Wall time is the job's own clock: jobs.finished_at − jobs.created_at (from POST to done, queue
// pickup included, client polling excluded). Model time is what the fake measured per request,
// from the request body's arrival to its response being written.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi } from './support/api-process.mjs';
import { cleanupAll, onCleanup } from './support/cleanup.mjs';
import { startFakeChatModel } from './support/fake-chat-model.mjs';
import { ensureBuilt, NODE, ROOT } from './support/paths.mjs';
import { processReport, reporterEnv } from './support/process-report.mjs';
import { median, round } from './support/stats.mjs';
import { createThrowawayEnvironment, createUserWithKey } from './support/throwaway-environment.mjs';

export const GOALS = { p1_wall_over_critical_path_le: 1.03, p3_overhead_ms_p50_le: 15, p4_tokens_sent_over_source_le: 2.0 };
/** BENCH_STRICT=1 fails the run only past goal × this (a wide miss), not on noise around the goal. */
const WIDE_MARGIN = 1.5;

const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');
const SAMPLE = readFileSync(join(ROOT, 'libs/ai/src/extractive/__fixtures__/sample-transcript.txt'), 'utf8');
const P1_LATENCY_MS = 300;
const P1_RUNS = 5;
const P3_RUNS = 10;
const CHAPTERS = 6;
const P4_SOURCE_CHARS = 40_000;

export async function run() {
  ensureBuilt();
  try {
    const fake = await startFakeChatModel();
    const reportDir = await mkdtemp(join(tmpdir(), 'scriptorium_bench_report_'));
    onCleanup(`reports ${reportDir}`, () => rm(reportDir, { recursive: true, force: true }));
    const { env } = await createThrowawayEnvironment({
      // Both processes count the PostgreSQL queries and Redis commands they send (printed per job).
      ...reporterEnv(reportDir),
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: fake.apiKey,
      LLM_MODEL: 'gpt-4o-mini',
      CHAPTER_CONCURRENCY: String(CHAPTERS),
      WORKER_CONCURRENCY: '4',
    });
    const { key } = createUserWithKey(env);
    const api = await startApi(env);
    const worker = await startWorker(env);
    const client = { port: api.port, key };

    // Warm both processes (first queries, model client, JIT) before anything is timed.
    fake.latencyMs = 0;
    for (let index = 0; index < 2; index += 1) await generate(client, fake, SAMPLE, CHAPTERS);

    fake.latencyMs = P1_LATENCY_MS;
    const p1Runs = [];
    for (let index = 0; index < P1_RUNS; index += 1) p1Runs.push(await generate(client, fake, SAMPLE, CHAPTERS));
    const p1Ratios = p1Runs.map((r) => r.wall_ms / r.critical_path_ms);

    fake.latencyMs = 0;
    const p3Runs = [];
    const countsBefore = await ioCounts(api.pid, worker.pid, reportDir);
    for (let index = 0; index < P3_RUNS; index += 1) p3Runs.push(await generate(client, fake, SAMPLE, CHAPTERS));
    const countsAfter = await ioCounts(api.pid, worker.pid, reportDir);
    const perJob = (name) => round((countsAfter[name] - countsBefore[name]) / P3_RUNS, 1);
    const cpuMsPerJob = (name) => round((countsAfter[name] - countsBefore[name]) / 1000 / P3_RUNS, 1);
    const overheads = p3Runs.map((r) => r.wall_ms - r.critical_path_ms);

    const source = SAMPLE.repeat(Math.ceil(P4_SOURCE_CHARS / SAMPLE.length)).slice(0, P4_SOURCE_CHARS);
    const p4 = await generate(client, fake, source, undefined);
    const sourceTokens = Math.ceil(source.length / 4);

    const result = {
      p1_wall_over_critical_path: round(median(p1Ratios), 3),
      p1_wall_ms: round(median(p1Runs.map((r) => r.wall_ms))),
      p1_critical_path_ms: round(median(p1Runs.map((r) => r.critical_path_ms))),
      p1_model_latency_ms: P1_LATENCY_MS,
      p1_runs: P1_RUNS,
      p3_overhead_ms_p50: round(median(overheads)),
      p3_overhead_ms_max: round(Math.max(...overheads)),
      p3_wall_ms_p50: round(median(p3Runs.map((r) => r.wall_ms))),
      p3_model_ms_p50: round(median(p3Runs.map((r) => r.critical_path_ms))),
      p3_queue_pickup_ms_p50: round(median(p3Runs.map((r) => r.pickup_ms))),
      p3_runs: P3_RUNS,
      p3_worker_cpu_ms_per_job: cpuMsPerJob('worker_cpu_us'),
      p3_api_cpu_ms_per_job: cpuMsPerJob('api_cpu_us'),
      p3_worker_pg_queries_per_job: perJob('worker_pg'),
      p3_worker_redis_commands_per_job: perJob('worker_redis'),
      p3_api_pg_queries_per_job: perJob('api_pg'),
      p3_api_redis_commands_per_job: perJob('api_redis'),
      ...(process.env.BENCH_IO_DETAIL === '1' ? { p3_io_per_job_by_kind: detailPerJob(countsBefore.detail, countsAfter.detail, P3_RUNS) } : {}),
      p4_tokens_sent_over_source: round(p4.tokens_in / sourceTokens, 2),
      p4_tokens_in: p4.tokens_in,
      p4_source_tokens: sourceTokens,
      p4_prompt_tokens_by_step: p4.prompt_tokens_by_step,
      chapters: CHAPTERS,
      note:
        'wall = jobs.finished_at − jobs.created_at; model time = the fake’s per-request handling time, summed along the ' +
        'critical path (outline + slowest of seo/chapters); API and worker from dist/ at LOG_LEVEL info (worker) / warn (API)',
      goals: GOALS,
    };
    result.met = {
      p1: result.p1_wall_over_critical_path <= GOALS.p1_wall_over_critical_path_le,
      p3: result.p3_overhead_ms_p50 <= GOALS.p3_overhead_ms_p50_le,
      p4: result.p4_tokens_sent_over_source <= GOALS.p4_tokens_sent_over_source_le,
    };
    return result;
  } finally {
    await cleanupAll();
  }
}

export function wideMisses(result) {
  const misses = [];
  if (result.p1_wall_over_critical_path > GOALS.p1_wall_over_critical_path_le * WIDE_MARGIN) misses.push(`p1 ${result.p1_wall_over_critical_path}`);
  if (result.p3_overhead_ms_p50 > GOALS.p3_overhead_ms_p50_le * WIDE_MARGIN) misses.push(`p3 ${result.p3_overhead_ms_p50} ms`);
  if (result.p4_tokens_sent_over_source > GOALS.p4_tokens_sent_over_source_le * WIDE_MARGIN) misses.push(`p4 ${result.p4_tokens_sent_over_source}`);
  return misses;
}

/** Rows for the table `npm run bench` prints: figure, value, goal, met. */
export function figures(result) {
  return [
    { figure: 'P1 wall ÷ critical path', value: result.p1_wall_over_critical_path, goal: `≤ ${GOALS.p1_wall_over_critical_path_le}`, met: result.met.p1 },
    { figure: 'P3 orchestration overhead p50 (ms)', value: result.p3_overhead_ms_p50, goal: `≤ ${GOALS.p3_overhead_ms_p50_le}`, met: result.met.p3 },
    { figure: 'P4 tokens sent ÷ source', value: result.p4_tokens_sent_over_source, goal: `≤ ${GOALS.p4_tokens_sent_over_source_le}`, met: result.met.p4 },
  ];
}

export function summary(result) {
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  return [
    `P1 wall ÷ critical path: ${result.p1_wall_over_critical_path} (${result.p1_wall_ms} ms over ${result.p1_critical_path_ms} ms; ` +
      `goal ≤ ${GOALS.p1_wall_over_critical_path_le}: ${mark(result.met.p1)})`,
    `P3 orchestration overhead p50: ${result.p3_overhead_ms_p50} ms (goal ≤ ${GOALS.p3_overhead_ms_p50_le}: ${mark(result.met.p3)}); ` +
      `per job: worker ${result.p3_worker_cpu_ms_per_job} ms CPU, API ${result.p3_api_cpu_ms_per_job} ms CPU; ` +
      `worker ${result.p3_worker_pg_queries_per_job} PostgreSQL queries + ${result.p3_worker_redis_commands_per_job} Redis commands ` +
      `(BullMQ included), API ${result.p3_api_pg_queries_per_job} + ${result.p3_api_redis_commands_per_job} (POST, event stream, GET)`,
    `P4 tokens sent ÷ source: ${result.p4_tokens_sent_over_source} (${result.p4_tokens_in} / ${result.p4_source_tokens}; ` +
      `goal ≤ ${GOALS.p4_tokens_sent_over_source_le}: ${mark(result.met.p4)})`,
  ].join('\n');
}

async function startWorker(env) {
  const child = spawn(NODE, [WORKER_MAIN], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-20_000));
  const started = { pid: child.pid };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  onCleanup(`worker process ${child.pid}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(10_000).then(() => 'timeout')])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const deadline = Date.now() + 30_000;
  while (!output.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`the worker exited on start (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start:\n${output}`);
    await sleep(100);
  }
  return started;
}

/** PostgreSQL queries and Redis commands each process sent so far, and its CPU time (bench/support/heap-reporter.cjs). */
async function ioCounts(apiPid, workerPid, reportDir) {
  if (process.env.BENCH_CPU_PROFILE_DIR) {
    // The reporter profiles instead of counting: this signal starts (then stops) a CPU profile of the P3 runs.
    for (const pid of [apiPid, workerPid]) process.kill(pid, 'SIGWINCH');
    return { api_pg: 0, api_redis: 0, worker_pg: 0, worker_redis: 0, api_cpu_us: 0, worker_cpu_us: 0, detail: { api: undefined, worker: undefined } };
  }
  const [api, worker] = await Promise.all([processReport(apiPid, reportDir), processReport(workerPid, reportDir)]);
  if (!api || !worker) throw new Error('the API or the worker sent no report of its queries');
  const cpu = (report) => (report.cpu_user_us ?? 0) + (report.cpu_system_us ?? 0);
  return {
    api_pg: api.pg_queries,
    api_redis: api.redis_commands,
    worker_pg: worker.pg_queries,
    worker_redis: worker.redis_commands,
    api_cpu_us: cpu(api),
    worker_cpu_us: cpu(worker),
    detail: { api: api.detail, worker: worker.detail },
  };
}

/** BENCH_IO_DETAIL=1: each process's queries and commands by kind, per job (kinds that did not occur left out). */
function detailPerJob(before, after, runs) {
  const out = {};
  for (const proc of ['api', 'worker']) {
    for (const io of ['pg', 'redis']) {
      const was = before[proc]?.[io] ?? {};
      const now = after[proc]?.[io] ?? {};
      const rows = Object.entries(now)
        .map(([kind, count]) => [kind, round((count - (was[kind] ?? 0)) / runs, 1)])
        .filter(([, perJob]) => perJob > 0)
        .sort((a, b) => b[1] - a[1]);
      out[`${proc}_${io}`] = Object.fromEntries(rows);
    }
  }
  return out;
}

async function request(client, method, path, body) {
  const response = await globalThis.fetch(`http://127.0.0.1:${client.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${client.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

/** Reads GET /api/v1/jobs/{id}/events until the server ends the stream (the job finished); 60 s at most. */
async function followEvents(client, jobId) {
  const response = await globalThis.fetch(`http://127.0.0.1:${client.port}/api/v1/jobs/${jobId}/events`, {
    headers: { authorization: `Bearer ${client.key}`, accept: 'text/event-stream' },
    signal: globalThis.AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`GET /api/v1/jobs/${jobId}/events answered ${response.status}`);
  for await (const _chunk of response.body) {
    // The events themselves are not needed: the job is read once the stream ends.
  }
}

/** One generate_blog run: its wall time, the model time along its critical path and its prompt tokens. */
async function generate(client, fake, text, chapters) {
  const callsBefore = fake.calls.length;
  const accepted = await request(client, 'POST', '/api/v1/pipelines/generate_blog', {
    text,
    options: chapters === undefined ? {} : { chapters_count: chapters },
  });
  // Follows the job's event stream (it ends with the job) rather than polling, so the API is idle
  // while the worker runs, as it is for a client waiting on the stream.
  await followEvents(client, accepted.job_id);
  const job = await request(client, 'GET', `/api/v1/jobs/${accepted.job_id}`);
  if (job.status !== 'succeeded') throw new Error(`job ${job.id} ended ${job.status}: ${JSON.stringify(job.error)}`);
  const calls = fake.calls.slice(callsBefore);
  const outline = calls.filter((call) => call.name === 'outline');
  const parallel = calls.filter((call) => call.name !== 'outline');
  const criticalPath = outline.reduce((sum, call) => sum + call.handling_ms, 0) + Math.max(0, ...parallel.map((call) => call.handling_ms));
  const byStep = {};
  for (const call of calls) byStep[call.name] = (byStep[call.name] ?? 0) + call.prompt_tokens;
  return {
    wall_ms: Date.parse(job.finished_at) - Date.parse(job.created_at),
    pickup_ms: Date.parse(job.started_at) - Date.parse(job.created_at),
    critical_path_ms: criticalPath,
    tokens_in: job.output.tokens_in,
    prompt_tokens_by_step: byStep,
  };
}
