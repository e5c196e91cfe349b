// P7, batches under a shared model-concurrency limit: one batch of 100 generate_blog jobs (POST
// /api/v1/batches with 100 documents) run by two worker processes against a fake chat model that
// answers after 200 ms, with LLM_MAX_CONCURRENCY=C (8) shared through Redis by both workers.
//   p7_ideal_over_wall: ideal time (model calls × latency ÷ C) ÷ wall time, the batch's own
//     finished_at − created_at (launching the children included). Goal ≥ 0.85.
//   p7_peak_concurrent_calls: the most requests the fake answered at once. Must be ≤ C.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi } from './support/api-process.mjs';
import { cleanupAll, onCleanup } from './support/cleanup.mjs';
import { startFakeChatModel } from './support/fake-chat-model.mjs';
import { ensureBuilt, NODE, ROOT } from './support/paths.mjs';
import { round } from './support/stats.mjs';
import { createThrowawayEnvironment, createUserWithKey } from './support/throwaway-environment.mjs';

export const GOALS = { p7_ideal_over_wall_ge: 0.85 };
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');
const SAMPLE = readFileSync(join(ROOT, 'libs/ai/src/extractive/__fixtures__/sample-transcript.txt'), 'utf8');
const JOBS = 100;
const LATENCY_MS = 200;
const LIMIT = 8;
const WORKERS = 2;
const CHAPTERS = 2;

export async function run() {
  ensureBuilt();
  try {
    const fake = await startFakeChatModel();
    const { env } = await createThrowawayEnvironment({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: fake.apiKey,
      LLM_MODEL: 'gpt-4o-mini',
      LLM_MAX_CONCURRENCY: process.env.BENCH_NO_LIMIT ? '0' : String(LIMIT),
      // Enough jobs at once in each worker that more than C calls always wait for a slot.
      WORKER_CONCURRENCY: '10',
      CHAPTER_CONCURRENCY: String(CHAPTERS),
      BATCH_CHILDREN_AT_ONCE: String(JOBS),
      RATE_LIMIT_MAX: '100000',
    });
    const { key } = createUserWithKey(env);
    const api = await startApi(env);
    for (let index = 0; index < WORKERS; index += 1) await startWorker(env, index);
    const client = { port: api.port, key };

    const documents = [];
    for (let index = 0; index < JOBS; index += 1) {
      documents.push((await request(client, 'POST', '/api/v1/documents', { title: `Sourdough ${index}`, text: SAMPLE })).id);
    }
    // Warm both workers (first queries, model client, JIT) with a small batch before the timed one.
    fake.latencyMs = 0;
    await runBatch(client, documents.slice(0, 6));

    fake.latencyMs = LATENCY_MS;
    fake.peakInFlight = 0;
    const callsBefore = fake.calls.length;
    const batch = await runBatch(client, documents);
    const calls = fake.calls.length - callsBefore;
    const wallMs = Date.parse(batch.finished_at) - Date.parse(batch.created_at);
    const idealMs = (calls * LATENCY_MS) / LIMIT;
    const created = batch.children.map((child) => Date.parse(child.created_at));
    const modelMs = fake.calls.slice(callsBefore).reduce((sum, call) => sum + call.handling_ms, 0);
    const result = {
      p7_ideal_over_wall: round(idealMs / wallMs, 3),
      p7_peak_concurrent_calls: fake.peakInFlight,
      p7_limit: LIMIT,
      p7_wall_ms: wallMs,
      p7_ideal_ms: round(idealMs),
      p7_model_calls: calls,
      p7_jobs: batch.progress.succeeded,
      // Launching: from the batch's creation to its last child's; and the calls the fake held at once, on average.
      p7_launch_span_ms: Math.max(...created) - Date.parse(batch.created_at),
      p7_mean_concurrent_calls: round(modelMs / wallMs, 2),
      p7_workers: WORKERS,
      p7_model_latency_ms: LATENCY_MS,
      note: 'one batch of generate_blog jobs (2 chapters each); wall = the batch job’s finished_at − created_at; ideal = calls × latency ÷ C; peak = most requests the fake answered at once',
      goals: GOALS,
    };
    result.met = { p7: result.p7_ideal_over_wall >= GOALS.p7_ideal_over_wall_ge && result.p7_peak_concurrent_calls <= LIMIT };
    return result;
  } finally {
    await cleanupAll();
  }
}

export function figures(result) {
  return [
    { figure: 'P7 ideal ÷ wall', value: result.p7_ideal_over_wall, goal: `≥ ${GOALS.p7_ideal_over_wall_ge}`, met: result.p7_ideal_over_wall >= GOALS.p7_ideal_over_wall_ge },
    { figure: 'P7 peak concurrent model calls', value: result.p7_peak_concurrent_calls, goal: `≤ ${result.p7_limit}`, met: result.p7_peak_concurrent_calls <= result.p7_limit },
  ];
}

export function wideMisses(result) {
  const misses = [];
  if (result.p7_peak_concurrent_calls > result.p7_limit) misses.push(`p7 peak ${result.p7_peak_concurrent_calls} > C=${result.p7_limit}`);
  if (result.p7_ideal_over_wall < GOALS.p7_ideal_over_wall_ge / 1.5) misses.push(`p7 ${result.p7_ideal_over_wall}`);
  return misses;
}

export function summary(result) {
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  return [
    `P7 ideal ÷ wall: ${result.p7_ideal_over_wall} (${result.p7_model_calls} calls × ${result.p7_model_latency_ms} ms ÷ ${result.p7_limit} = ${result.p7_ideal_ms} ms over ${result.p7_wall_ms} ms; ` +
      `goal ≥ ${GOALS.p7_ideal_over_wall_ge}: ${mark(result.p7_ideal_over_wall >= GOALS.p7_ideal_over_wall_ge)})`,
    `P7 peak concurrent model calls: ${result.p7_peak_concurrent_calls} (limit ${result.p7_limit}: ${mark(result.p7_peak_concurrent_calls <= result.p7_limit)})`,
  ].join('\n');
}

/** Starts one batch of generate_blog jobs over the documents and waits for it; every child must succeed. */
async function runBatch(client, documentIds) {
  const accepted = await request(client, 'POST', '/api/v1/batches', { document_ids: documentIds, options: { chapters_count: CHAPTERS } });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const batch = await request(client, 'GET', `/api/v1/batches/${accepted.job_id}`);
    if (['succeeded', 'failed', 'canceled'].includes(batch.status)) {
      if (batch.status !== 'succeeded' || batch.progress.succeeded !== documentIds.length) {
        throw new Error(`batch ${batch.id} ended ${batch.status}: ${JSON.stringify({ error: batch.error, progress: batch.progress })}`);
      }
      return batch;
    }
    if (Date.now() > deadline) throw new Error(`batch ${accepted.job_id} did not finish in 10 minutes: ${JSON.stringify(batch.progress)}`);
    await sleep(250);
  }
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

async function startWorker(env, index) {
  const child = spawn(NODE, [WORKER_MAIN], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  onCleanup(`worker process ${index} (${child.pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(10_000).then(() => 'timeout')])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const deadline = Date.now() + 30_000;
  while (!output.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker ${index} exited on start (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`worker ${index} did not start:\n${output}`);
    await sleep(100);
  }
}
