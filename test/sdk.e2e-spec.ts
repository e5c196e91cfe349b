import { readFileSync } from 'node:fs';
import { type JobEnvelope, type JobEvent, JobFailedError, Scriptorium, ScriptoriumError } from '@scriptorium/sdk';
import { startProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');

/** A new user and all-scopes key, the way an operator makes one: `npm run cli -- user:create <login>`. */
async function keyFromCli(login: string): Promise<string> {
  const cli = startProcess('dist/apps/cli/src/main.js', {}, ['user:create', login]);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`user:create failed: ${cli.output()}`);
  return cli.output().trim().split('\n').at(-1)!;
}

/** Records what the SDK sends, and lets a test cut an event stream short. */
function recordingFetch() {
  const requests: Request[] = [];
  let cutNextEventStreamAfterEvents = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    const response = await fetch(request);
    if (!request.url.endsWith('/events') || cutNextEventStreamAfterEvents === 0 || !response.body) return response;
    // The connection drops after N events (mid-stream, as a proxy or a restart would drop it).
    let left = cutNextEventStreamAfterEvents;
    cutNextEventStreamAfterEvents = 0;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const cut = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        controller.enqueue(value);
        left -= (decoder.decode(value, { stream: true }).match(/\n\n/g) ?? []).length;
        if (left <= 0) {
          await reader.cancel();
          controller.error(new TypeError('terminated'));
        }
      },
    });
    return new Response(cut, { status: response.status, headers: response.headers });
  };
  return { fetchImpl, requests, cutEventStreamAfter: (events: number) => (cutNextEventStreamAfterEvents = events) };
}

describe('@scriptorium/sdk against the real server (the OpenAPI document is true)', () => {
  const stack = useStack({ api: 'process', worker: true, env: { JOB_ATTEMPTS: '1', YOUTUBE_BASE_URL: 'http://127.0.0.1:9' } });
  const recorder = recordingFetch();
  let client: Scriptorium;
  let otherClient: Scriptorium;
  let documentId: string;
  let postId: string;
  let blogJobId: string;

  beforeAll(async () => {
    client = new Scriptorium({ baseUrl: stack.url, apiKey: await keyFromCli(`sdk-${Date.now()}`), fetch: recorder.fetchImpl });
    otherClient = new Scriptorium({ baseUrl: stack.url, apiKey: await keyFromCli(`sdk-other-${Date.now()}`) });
  });

  it('pastes text into a document and reads it back', async () => {
    const created = await client.documents.create({ body: { text: SAMPLE, title: 'Sourdough at home' } });
    expect(created).toMatchObject({ id: expect.any(String), source_type: 'text', title: 'Sourdough at home', text_length: SAMPLE.length, version: 1 });
    documentId = created.id;
    const document = await client.documents.get({ path: { id: documentId } });
    expect(document.text).toBe(SAMPLE);
    const list = await client.documents.list({ query: { limit: 5 } });
    expect(list.items.map((item) => item.id)).toContain(documentId);
    expect(list.next_cursor).toBeNull();
  });

  it('uploads a file and follows the ingest job to its document', async () => {
    const file = new File(['# Notes on crumb\n\nAn open crumb comes from a strong starter and a long, cool proof. Shape the dough gently, keep the surface tight, and bake it hot with steam for the first twenty minutes.\n'], 'crumb.md', { type: 'text/markdown' });
    const started = await client.documents.upload({ body: { files: [file] } });
    expect(started).toMatchObject({ job_id: expect.any(String), type: 'ingest_upload', status: 'queued' });
    const job = await client.waitForJob(started.job_id);
    expect(job.status).toBe('succeeded');
    const [uploadedId] = job.output!.document_ids as string[];
    const uploaded = await client.documents.get({ path: { id: uploadedId! } });
    expect(uploaded).toMatchObject({ source_type: 'upload', text: expect.stringContaining('open crumb') });
  });

  it('runs generate_blog to the finished post, each progress event once and in order, across a dropped connection', async () => {
    const events: JobEvent[] = [];
    recorder.cutEventStreamAfter(2);
    const post = await client.generateBlog(
      { document_id: documentId, options: { chapters_count: 3, length: 500, tone: 'friendly' } },
      { onEvent: (event) => events.push(event) },
    );
    expect(post).toMatchObject({ id: expect.any(String), document_id: documentId, version: 1, title: expect.any(String) });
    expect(post.chapters).toHaveLength(3);
    expect(post.markdown).toMatch(/^## /m);
    postId = post.id;
    blogJobId = post.job_id!;

    expect(events[0]?.type).toBe('job.started');
    expect(events.at(-1)).toMatchObject({ type: 'job.finished', status: 'succeeded', job_id: blogJobId });
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.filter((event) => event.type === 'step.finished').map((event) => event.step)).toEqual(expect.arrayContaining(['outline', 'compose', 'persist']));
    // The second connection resumed after the last event the first one delivered.
    const streams = recorder.requests.filter((request) => request.url.endsWith(`/jobs/${blogJobId}/events`));
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams[0]!.headers.get('Last-Event-ID')).toBeNull();
    expect(streams[1]!.headers.get('Last-Event-ID')).toBe(events[1]!.id);
  });

  it('exports the post as Markdown with front matter, HTML and JSON', async () => {
    const markdown = await client.posts.export({ path: { id: postId }, query: { format: 'md' } });
    expect(markdown).toMatch(/^---\ntitle: ".+"\n/);
    const html = await client.posts.export({ path: { id: postId }, query: { format: 'html' } });
    expect(html).toMatch(/^<!doctype html>/);
    const json = await client.posts.export({ path: { id: postId }, query: { format: 'json' } });
    expect(json).toMatchObject({ id: postId, markdown: expect.any(String) });
  });

  it('reads usage: the month by step, and the events of the job', async () => {
    const summary = await client.usage.get({ query: { group_by: 'step' } });
    expect(summary.group_by).toBe('step');
    expect(summary.groups.map((group) => group.key)).toEqual(expect.arrayContaining(['outline', 'seo']));
    expect(summary.totals.events).toBeGreaterThanOrEqual(4);
    const events = await client.usage.listEvents({ query: { job_id: blogJobId, limit: 100 } });
    expect(events.items.length).toBeGreaterThanOrEqual(4);
    for (const event of events.items) expect(event).toMatchObject({ job_id: blogJobId, engine: 'extractive' });
  });

  it('sends an Idempotency-Key with every POST; the same key again gets the first job back', async () => {
    const posts = recorder.requests.filter((request) => request.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const request of posts) expect(request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{32,36}$/);
    const body = { document_id: documentId, options: { chapters_count: 2 } };
    const first = (await client.pipelines.generateBlog({ body, headers: { 'Idempotency-Key': `sdk-replay-${Date.now()}` } })) as JobEnvelope;
    const key = recorder.requests.at(-1)!.headers.get('Idempotency-Key')!;
    const again = (await client.pipelines.generateBlog({ body, headers: { 'Idempotency-Key': key } })) as JobEnvelope;
    expect(again.job_id).toBe(first.job_id);
    expect((await client.waitForJob(first.job_id)).status).toBe('succeeded');
  });

  it('throws typed problems: a 400 naming the field, a 404 for another account\'s post, a 401 for a bad key', async () => {
    const bad = await client.documents.create({ body: { text: null as unknown as string } }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(ScriptoriumError);
    expect(bad).toMatchObject({ status: 400, code: 'bad_request', requestId: expect.any(String) });
    expect((bad as ScriptoriumError).errors.map((problem) => problem.field)).toContain('text');

    const hidden = await otherClient.posts.get({ path: { id: postId } }).catch((error: unknown) => error);
    expect(hidden).toMatchObject({ status: 404, code: 'post_not_found' });
    await expect(otherClient.waitForJob(blogJobId)).rejects.toMatchObject({ status: 404, code: 'job_not_found' });

    const stranger = new Scriptorium({ baseUrl: stack.url, apiKey: 'scr_not-a-key' });
    await expect(stranger.me.get()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('reports a job that failed as JobFailedError with its code', async () => {
    // YouTube is unreachable in this stack: the import fails, and with one attempt the job ends failed.
    const outcome = await client.generateBlog({ youtube_url: 'https://youtu.be/dQw4w9WgXcQ' }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(JobFailedError);
    expect(outcome).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), job: { status: 'failed', type: 'generate_blog' } });
  });
});
