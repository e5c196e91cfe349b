import { startProcess, waitFor } from './support/processes.js';
import { expectQualityPost, pipelineWorld, SAMPLE } from './support/pipeline.suite.js';

describe('generate_blog with an OpenAI-compatible model', () => {
  const world = pipelineWorld('openai');

  it('runs every step, one model call and one usage event per model step, totals equal to the job’s usage events', async () => {
    const { api, alice, fake } = world;
    const sentBefore = fake!.requests.length;
    const res = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 3, images: true, language: 'English' } })
      .expect(202);
    const job = await world.jobOf(alice, res.body.job_id, 'succeeded');
    expect((job.steps as { name: string }[]).map((step) => step.name).sort()).toEqual(
      ['chapter_1', 'chapter_2', 'chapter_3', 'compose', 'image_1', 'image_2', 'image_3', 'images_plan', 'intro_conclusion', 'outline', 'persist', 'seo'],
    );
    // No image model configured and no image of the user's: every chapter keeps its spec alone.
    expect(job.output.images).toEqual({ planned: 3, chosen: 0, generated: 0, without_image: 3, problems: [] });
    const usage = await world.usageRows(res.body.job_id);
    expect(usage.map((row) => row.step_type).sort()).toEqual(['chapter_1', 'chapter_2', 'chapter_3', 'images_plan', 'intro_conclusion', 'outline', 'seo']);
    expect(fake!.requests.length - sentBefore).toBe(7);
    for (const row of usage) expect(row).toMatchObject({ engine: 'openai', billable: true });
    expect(job.output.tokens_in).toBe(usage.reduce((sum, row) => sum + row.tokens_in, 0));
    expect(job.output.tokens_out).toBe(usage.reduce((sum, row) => sum + row.tokens_out, 0));
    expect(job.output.cost_micros).toBe(usage.reduce((sum, row) => sum + Number(row.cost_micros), 0));
    expect(job.output.cost_micros).toBeGreaterThan(0);

    // usage_daily still equals the sum of usage_events after a real run (the CLI's invariant check).
    const reconcile = startProcess('dist/apps/cli/src/main.js', {}, ['usage:reconcile']);
    expect(await reconcile.exited).toBe(0);
    expect(reconcile.output()).toMatch(/usage_daily matches usage_events/);

    // Each chapter call carries only its slice of the source, never the whole of it.
    const chapterCalls = fake!.requests.slice(sentBefore).filter((request) => request.response_format?.json_schema?.name === 'chapter_draft');
    expect(chapterCalls).toHaveLength(3);
    for (const call of chapterCalls) expect(call.messages.map((message) => message.content).join('\n').length).toBeLessThan(SAMPLE.length);

    const post = await api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200);
    expectQualityPost(post.body, 3);
    expect(post.body.markdown).not.toContain('<picture>');
    for (const image of post.body.images) {
      expect(image).toMatchObject({ source: 'none', prompt: expect.any(String), alt_text: expect.any(String), placement: expect.stringMatching(/^(before|after)$/) });
      expect(image.url).toBeUndefined();
    }
  });

  it('gives the brand voice, tone, audience and language to every prompt that writes, and the model writes in the asked language', async () => {
    const { api, alice, fake } = world;
    const voice = await api.http
      .post('/api/v1/brand-voices')
      .set(alice.auth)
      .send({ name: 'Crumb & Co', description: 'Warm, plain-spoken baking advice', do: ['short sentences'], dont: ['exclamation marks'], sample_text: 'You need patience and a warm corner.' })
      .expect(201);
    const sentBefore = fake!.requests.length;
    const res = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 2, tone: 'friendly', audience: 'home bakers', language: 'German', brand_voice_id: voice.body.id } })
      .expect(202);
    const job = await world.jobOf(alice, res.body.job_id, 'succeeded');
    expect(job.output.language).toBe('de');
    const sent = fake!.requests.slice(sentBefore);
    expect(sent.map((request) => request.response_format?.json_schema?.name).sort()).toEqual(['chapter_draft', 'chapter_draft', 'intro_conclusion', 'outline', 'seo']);
    for (const request of sent) {
      const prompt = request.messages.map((message) => message.content).join('\n');
      for (const expected of [
        'Brand voice "Crumb & Co": Warm, plain-spoken baking advice',
        'Do: short sentences.',
        "Don't: exclamation marks.",
        'You need patience and a warm corner.',
        'Tone: friendly.',
        'Audience: home bakers.',
        'Write in this language: German (de).',
      ]) {
        expect({ step: request.response_format?.json_schema?.name, expected, sent: prompt.includes(expected) }).toEqual({ step: request.response_format?.json_schema?.name, expected, sent: true });
      }
    }
    const post = await api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200);
    expect(post.body.language).toBe('de');
    expect(post.body.meta.warnings).toBeUndefined();
  });

  it('a job canceled mid-run ends canceled at the next step boundary and writes no post', async () => {
    const { api, alice, fake } = world;
    const sentBefore = fake!.requests.length;
    fake!.enqueue({ type: 'slow', delayMs: 1500 });
    const res = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: SAMPLE, options: { chapters_count: 2 } }).expect(202);
    await waitFor(() => fake!.requests.length > sentBefore, 15_000, 'the outline call');
    await api.http.post(`/api/v1/jobs/${res.body.job_id}/cancel`).set(alice.auth).expect(202);
    const job = await world.jobOf(alice, res.body.job_id, 'canceled');
    expect(job.output).toBeFalsy();
    const names = (job.steps as { name: string }[]).map((step) => step.name);
    expect(names).toEqual(['outline']);
    const posts = await api.http.get('/api/v1/posts?limit=100').set(alice.auth).expect(200);
    expect(posts.body.items.map((item: { job_id: string }) => item.job_id)).not.toContain(res.body.job_id);
  });
});
