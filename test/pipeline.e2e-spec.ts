import { expectQualityPost, pipelineWorld, SAMPLE } from './support/pipeline.suite.js';

describe('generate_blog with the extractive engine, and posts', () => {
  const world = pipelineWorld('extractive');
  let postId: string;
  let documentId: string;

  it('writes a post from pasted text that passes the quality checks, one usage event per model call', async () => {
    const { api, alice } = world;
    const res = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 4, length: 600, tone: 'friendly' } })
      .expect(202);
    expect(res.body).toMatchObject({ type: 'generate_blog', status: 'queued', document_id: expect.any(String), href: `/api/v1/jobs/${res.body.job_id}` });
    documentId = res.body.document_id;
    const job = await world.jobOf(alice, res.body.job_id, 'succeeded');
    expect(job.output).toMatchObject({ post_id: expect.any(String), document_id: documentId, engine: 'extractive', quality: { ok: true, problems: [] } });
    postId = job.output.post_id;
    const names = (job.steps as { name: string; status: string }[]).map((step) => step.name).sort();
    expect(names).toEqual(['chapter_1', 'chapter_2', 'chapter_3', 'chapter_4', 'compose', 'outline', 'persist', 'seo']);
    for (const step of job.steps) expect(step.status).toBe('succeeded');

    const usage = await world.usageRows(res.body.job_id);
    expect(usage.map((row) => row.step_type).sort()).toEqual(['chapter_1', 'chapter_2', 'chapter_3', 'chapter_4', 'outline', 'seo']);
    for (const row of usage) expect(row).toMatchObject({ engine: 'extractive', billable: true });
    expect(job.output.tokens_in).toBe(usage.reduce((sum, row) => sum + row.tokens_in, 0));
    expect(job.output.tokens_out).toBe(usage.reduce((sum, row) => sum + row.tokens_out, 0));
    expect(job.output.cost_micros).toBe(usage.reduce((sum, row) => sum + Number(row.cost_micros), 0));

    const post = await api.http.get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200);
    expect(post.body).toMatchObject({ id: postId, document_id: documentId, job_id: res.body.job_id, version: 1, latest_version: 1 });
    expect(post.body.chapters).toHaveLength(4);
    expectQualityPost(post.body, 4, 600);
  });

  it('writes from a document_id, respects a given outline, plans images, and gives a taken slug a suffix', async () => {
    const { api, alice } = world;
    const outline = { title: 'Sourdough basics', chapters: [{ title: 'The starter' }, { title: 'Shaping the dough' }, { title: 'Baking day' }] };
    const first = await api.http.get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200);
    const res = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ document_id: documentId, options: { outline, images: true } })
      .expect(202);
    const job = await world.jobOf(alice, res.body.job_id, 'succeeded');
    expect((job.steps as { name: string }[]).map((step) => step.name)).toEqual(expect.arrayContaining(['images_plan', 'chapter_3']));
    const post = await api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200);
    expect((post.body.markdown as string).match(/^## .+$/gm)).toEqual(['## The starter', '## Shaping the dough', '## Baking day']);
    expect(post.body.images).toHaveLength(3);
    expectQualityPost(post.body, 3);

    const again = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ document_id: documentId, options: { chapters_count: 4, length: 600 } }).expect(202);
    const second = await world.jobOf(alice, again.body.job_id, 'succeeded');
    const copy = await api.http.get(`/api/v1/posts/${second.output.post_id}`).set(alice.auth).expect(200);
    expect(copy.body.slug).toBe(`${first.body.slug}-2`);
  });

  it('lists posts with cursor paging, edits as new versions and keeps earlier versions readable', async () => {
    const { api, alice } = world;
    const page = await api.http.get('/api/v1/posts?limit=2').set(alice.auth).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0].markdown).toBeUndefined();
    const rest = await api.http.get(`/api/v1/posts?limit=2&cursor=${page.body.next_cursor}`).set(alice.auth).expect(200);
    expect(rest.body.items.map((item: { id: string }) => item.id)).toContain(postId);

    const before = await api.http.get(`/api/v1/posts/${postId}`).set(alice.auth).expect(200);
    const edited = await api.http
      .patch(`/api/v1/posts/${postId}`)
      .set(alice.auth)
      .send({ title: 'A better title', markdown: '# A better title\n\n## One\n\nText <script>alert(1)</script> here.\n', keywords: ['bread', 'starter'] })
      .expect(200);
    expect(edited.body).toMatchObject({ title: 'A better title', version: 2, latest_version: 2, keywords: ['bread', 'starter'], description: before.body.description });
    expect(edited.body.html).toContain('<h2');
    expect(edited.body.html).not.toMatch(/<script/i);
    const v1 = await api.http.get(`/api/v1/posts/${postId}?version=1`).set(alice.auth).expect(200);
    expect(v1.body).toMatchObject({ version: 1, latest_version: 2, title: before.body.title, markdown: before.body.markdown });
    await api.http.get(`/api/v1/posts/${postId}?version=9`).set(alice.auth).expect(404);
  });

  it('exports Markdown with front matter, a sanitized HTML page and JSON', async () => {
    const { api, alice } = world;
    const md = await api.http.get(`/api/v1/posts/${postId}/export?format=md`).set(alice.auth).expect(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown; charset=utf-8/);
    const text = md.text;
    expect(text).toMatch(/^---\ntitle: "A better title"\ndescription: ".*"\nslug: "[a-z0-9-]+"\nkeywords: \["bread", "starter"\]\ndate: "\d{4}-\d\d-\d\dT[^"]+"\nversion: 2\nimages: \[\]\n---\n# A better title/);
    const html = await api.http.get(`/api/v1/posts/${postId}/export?format=html`).set(alice.auth).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(html.text).toMatch(/^<!doctype html>/);
    expect(html.text).toContain('<title>A better title</title>');
    expect(html.text).not.toMatch(/<script/i);
    const json = await api.http.get(`/api/v1/posts/${postId}/export?format=json&version=1`).set(alice.auth).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toMatchObject({ id: postId, version: 1 });
    const byDefault = await api.http.get(`/api/v1/posts/${postId}/export`).set(alice.auth).expect(200);
    expect(byDefault.headers['content-type']).toMatch(/^text\/markdown/);
  });

  it('keeps the code of a domain error raised by a lib service in the worker on the job, and does not retry it', async () => {
    const { api, alice } = world;
    const { JobsService, JOB_TYPES } = await import('@app/shared');
    // Queued straight through the service: a document that is gone by the time the worker reads it.
    const missing = '00000000-0000-4000-8000-000000000000';
    const queued = await api.app.get(JobsService).create({ userId: alice.user.id, type: JOB_TYPES.GENERATE_BLOG, input: { document_id: missing, options: {} } });
    const job = await world.jobOf(alice, queued.id, 'failed');
    expect(job.error).toEqual({ code: 'document_not_found', message: `no document ${missing}` });
    expect(job.attempts).toBe(1);
  });

  it('answers 404 for another user’s post or document, everywhere', async () => {
    const { api, bob } = world;
    await api.http.get(`/api/v1/posts/${postId}`).set(bob.auth).expect(404);
    await api.http.patch(`/api/v1/posts/${postId}`).set(bob.auth).send({ title: 'mine' }).expect(404);
    await api.http.get(`/api/v1/posts/${postId}/export?format=json`).set(bob.auth).expect(404);
    await api.http.post('/api/v1/pipelines/generate_blog').set(bob.auth).send({ document_id: documentId }).expect(404);
    const list = await api.http.get('/api/v1/posts').set(bob.auth).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('answers 400 naming the field, 401 without credentials and 403 without the scope', async () => {
    const { api, alice } = world;
    const none = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({}).expect(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['document_id', 'text', 'youtube_url']);
    const both = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: 'x', document_id: documentId }).expect(400);
    expect(both.body.errors).toEqual([{ field: 'text', message: 'send only one of document_id and text, not both' }]);
    const length = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: 'x', options: { length: 5 } }).expect(400);
    expect(length.body.errors[0].field).toBe('options.length');
    const images = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: 'x', options: { images: 'yes' } }).expect(400);
    expect(images.body.errors[0].field).toBe('options.images');
    const empty = await api.http.patch(`/api/v1/posts/${postId}`).set(alice.auth).send({}).expect(400);
    expect(empty.body.errors[0].field).toBe('markdown');
    const title = await api.http.patch(`/api/v1/posts/${postId}`).set(alice.auth).send({ title: '' }).expect(400);
    expect(title.body.errors[0].field).toBe('title');
    const format = await api.http.get(`/api/v1/posts/${postId}/export?format=pdf`).set(alice.auth).expect(400);
    expect(format.body.errors[0].field).toBe('format');
    await api.http.get('/api/v1/posts/not-a-uuid').set(alice.auth).expect(400);

    await api.http.get('/api/v1/posts').expect(401);
    await api.http.get(`/api/v1/posts/${postId}`).expect(401);
    await api.http.post('/api/v1/pipelines/generate_blog').send({ text: 'x' }).expect(401);
    const reader = await world.user(['posts:read']);
    const denied = await api.http.post('/api/v1/pipelines/generate_blog').set(reader.auth).send({ text: 'x' }).expect(403);
    expect(denied.body.required_scope).toBe('jobs:write');
    await api.http.patch(`/api/v1/posts/${postId}`).set(reader.auth).send({ title: 'x' }).expect(403);
  });
});
