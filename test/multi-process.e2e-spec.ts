import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { SeededUser } from './support/accounts.js';
import { startProcess, stopProcess, waitFor, waitForOutput, type RunningProcess } from './support/processes.js';
import { readEvents } from './support/sse-events.js';
import { useStack } from './support/use-stack.js';

const API_ENTRY = 'dist/apps/api/src/main.js';
const WORKER_ENTRY = 'dist/apps/worker/src/main.js';
const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');
/** A path no process can store files under: media must all go to the bucket. */
const NO_LOCAL_STORAGE = '/dev/null/storage';

/**
 * Beyond one machine: two API processes and two workers share Postgres, Redis and an S3 bucket
 * (s3rver), and none of them keeps a file on its own disk. An upload through API A is ingested by
 * whichever worker takes it, followed over SSE through API B, and its image is served by B.
 */
describe('several API and worker processes on one Postgres, Redis and S3 bucket', () => {
  const stack = useStack<{ s3: true }>({
    fakes: { s3: true },
    worker: true,
    env: { JOB_ATTEMPTS: '1', OPENAI_API_KEY: '', LLM_PROVIDER: '' },
    timeoutMs: 90_000,
  });
  const apis: { process: RunningProcess; url: string }[] = [];
  const workers: RunningProcess[] = [];
  let alice: SeededUser;

  const startApi = async () => {
    const process = startProcess(API_ENTRY, { PORT: '0', LOG_LEVEL: 'info', STORAGE_DIR: NO_LOCAL_STORAGE });
    apis.push({ process, url: '' });
    const [, port] = await waitForOutput(process, /"msg":"api listening","port":(\d+)/, 60_000, 'an API process to listen');
    apis.find((api) => api.process === process)!.url = `http://127.0.0.1:${port}`;
  };

  const startWorker = async () => {
    const process = startProcess(WORKER_ENTRY, { LOG_LEVEL: 'info', STORAGE_DIR: NO_LOCAL_STORAGE });
    workers.push(process);
    await waitForOutput(process, /worker started/, 60_000, 'the second worker to start');
  };

  beforeAll(async () => {
    workers.push(stack.worker);
    // Started together: the processes boot in parallel, as they would on separate machines.
    await Promise.all([startWorker(), startApi(), startApi()]);
    alice = await stack.user();
  }, 90_000);

  afterAll(async () => {
    await Promise.all([...apis.map((api) => api.process), ...workers.slice(1)].map((process) => stopProcess(process)));
  }, 30_000);

  /** Follows the job's events through one API until the stream ends; returns the final status. */
  const followThrough = async (url: string, jobId: string) => {
    const { status, events } = await readEvents(`${url}/api/v1/jobs/${jobId}/events`, alice.auth, 45_000);
    expect(status).toBe(200);
    expect(events[0]!.event).toBe('job.started');
    const last = events.at(-1)!;
    expect(last.event).toBe('job.finished');
    return last.data.status as string;
  };
  /** The workers whose log says they ran the job (the line may follow the job's last event by a moment). */
  const ranBy = (jobId: string) => {
    const ran = (worker: RunningProcess) => worker.output().split('\n').some((line) => line.includes('"job succeeded"') && line.includes(`"job_id":"${jobId}"`));
    return waitFor(() => workers.some(ran) && workers.filter(ran), 10_000, `a worker to log job ${jobId}`);
  };

  it('uploads through API A, a worker ingests from the bucket, SSE is followed through API B, and B serves the image', async () => {
    const [a, b] = apis;
    const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2a6' } }).png().toBuffer();
    const form = new FormData();
    form.append('files', new Blob([SAMPLE], { type: 'text/markdown' }), 'sourdough.md');
    form.append('files', new Blob([png], { type: 'image/png' }), 'loaf.png');
    const uploaded = await fetch(`${a!.url}/api/v1/documents/upload`, { method: 'POST', headers: alice.auth, body: form });
    expect(uploaded.status).toBe(202);
    const { job_id: jobId } = (await uploaded.json()) as { job_id: string };
    // API A streamed both files into the bucket: nothing is on its disk.
    expect(stack.fakes.s3.callsOf('PutObject').length).toBeGreaterThanOrEqual(2);

    expect(await followThrough(b!.url, jobId)).toBe('succeeded');
    expect(await ranBy(jobId)).toHaveLength(1);

    const job = (await (await fetch(`${b!.url}/api/v1/jobs/${jobId}`, { headers: alice.auth })).json()) as { output: { document_ids: string[]; media_ids: string[] } };
    expect(job.output.document_ids).toHaveLength(1);
    expect(job.output.media_ids).toHaveLength(1);
    const mediaId = job.output.media_ids[0]!;

    // B redirects to the bucket, which serves the original bytes; a variant the worker made is there too.
    const original = await fetch(`${b!.url}/api/v1/media/${mediaId}/original`, { headers: alice.auth, redirect: 'manual' });
    expect(original.status).toBe(302);
    const bytes = Buffer.from(await (await fetch(original.headers.get('location')!)).arrayBuffer());
    expect(Buffer.compare(bytes, png)).toBe(0);
    const variant = await fetch(`${a!.url}/api/v1/media/${mediaId}/320.webp`, { headers: alice.auth });
    expect(variant.status).toBe(200);
    expect(variant.headers.get('content-type')).toBe('image/webp');

    // The post of the uploaded document: started through B, followed through A, written by either worker.
    const started = await fetch(`${b!.url}/api/v1/pipelines/generate_blog`, {
      method: 'POST',
      headers: { ...alice.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ document_id: job.output.document_ids[0], options: { chapters_count: 3 } }),
    });
    expect(started.status).toBe(202);
    const blog = (await started.json()) as { job_id: string };
    expect(await followThrough(a!.url, blog.job_id)).toBe('succeeded');
    expect(await ranBy(blog.job_id)).toHaveLength(1);
  }, 90_000);
});
