import type { TestApi } from './support/api.js';
import type { SeededUser } from './support/accounts.js';

describe('brand voices: a user’s profile of how their posts sound', () => {
  let api: TestApi;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    Object.assign(process.env, { REDIS_PREFIX: `${process.env.REDIS_PREFIX}_brand_voices`, LLM_PROVIDER: '', OPENAI_API_KEY: '' });
    const { bootApi } = await import('./support/api.js');
    const { seedUser } = await import('./support/accounts.js');
    api = await bootApi();
    alice = await seedUser(api.app);
    bob = await seedUser(api.app);
  });
  afterAll(async () => {
    await api?.close();
  });

  const voice = {
    name: 'Crumb & Co',
    description: 'Warm, plain-spoken baking advice.',
    do: ['short sentences', 'address the reader as you', ' short sentences '],
    dont: ['exclamation marks'],
    sample_text: 'You do not need fancy gear. You need patience and a warm corner.',
  };

  it('creates, reads, lists, edits and deletes a brand voice', async () => {
    const created = await api.http.post('/api/v1/brand-voices').set(alice.auth).send(voice).expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'Crumb & Co',
      description: 'Warm, plain-spoken baking advice.',
      do: ['short sentences', 'address the reader as you'],
      dont: ['exclamation marks'],
      sample_text: voice.sample_text,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const id = created.body.id as string;
    const read = await api.http.get(`/api/v1/brand-voices/${id}`).set(alice.auth).expect(200);
    expect(read.body).toEqual(created.body);

    const second = await api.http.post('/api/v1/brand-voices').set(alice.auth).send({ name: 'Docs' }).expect(201);
    expect(second.body).toMatchObject({ description: '', do: [], dont: [], sample_text: null });
    const page = await api.http.get('/api/v1/brand-voices?limit=1').set(alice.auth).expect(200);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([second.body.id]);
    const rest = await api.http.get(`/api/v1/brand-voices?limit=1&cursor=${page.body.next_cursor}`).set(alice.auth).expect(200);
    expect(rest.body).toMatchObject({ items: [expect.objectContaining({ id })], next_cursor: null });

    const edited = await api.http.patch(`/api/v1/brand-voices/${id}`).set(alice.auth).send({ dont: ['jargon'], sample_text: null }).expect(200);
    expect(edited.body).toMatchObject({ name: 'Crumb & Co', do: ['short sentences', 'address the reader as you'], dont: ['jargon'], sample_text: null });

    await api.http.delete(`/api/v1/brand-voices/${second.body.id}`).set(alice.auth).expect(204);
    await api.http.get(`/api/v1/brand-voices/${second.body.id}`).set(alice.auth).expect(404);
  });

  it('answers 400 naming the field for missing, null, wrong-typed, nested and oversized input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'name'],
      [{ name: null }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: { nested: { deeper: 'x' } } }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'Voice', description: null }, 'description'],
      [{ name: 'Voice', do: 'short sentences' }, 'do'],
      [{ name: 'Voice', do: [['nested']] }, 'do'],
      [{ name: 'Voice', do: [null] }, 'do'],
      [{ name: 'Voice', dont: Array.from({ length: 21 }, (_, i) => `rule ${i}`) }, 'dont'],
      [{ name: 'Voice', sample_text: 7 }, 'sample_text'],
      [{ name: 'Voice', sample_text: 'x'.repeat(5001) }, 'sample_text'],
    ];
    for (const [body, field] of cases) {
      const res = await api.http.post('/api/v1/brand-voices').set(alice.auth).send(body);
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((error: { field: string }) => error.field) }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
    }
    const created = await api.http.post('/api/v1/brand-voices').set(alice.auth).send({ name: 'Edited' }).expect(201);
    for (const [body, field] of [[{}, 'name'], [{ name: null }, 'name'], [{ do: null }, 'do'], [{ description: ['x'] }, 'description']] as const) {
      const res = await api.http.patch(`/api/v1/brand-voices/${created.body.id}`).set(alice.auth).send(body).expect(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    await api.http.get('/api/v1/brand-voices/not-a-uuid').set(alice.auth).expect(400);
    const repeated = await api.http.get('/api/v1/brand-voices?limit=1&limit=2').set(alice.auth);
    expect(repeated.status).toBe(400);
  });

  it('answers 404 for another user’s brand voice, everywhere it can be named', async () => {
    const created = await api.http.post('/api/v1/brand-voices').set(alice.auth).send(voice).expect(201);
    const id = created.body.id as string;
    await api.http.get(`/api/v1/brand-voices/${id}`).set(bob.auth).expect(404);
    await api.http.patch(`/api/v1/brand-voices/${id}`).set(bob.auth).send({ name: 'mine' }).expect(404);
    await api.http.delete(`/api/v1/brand-voices/${id}`).set(bob.auth).expect(404);
    expect((await api.http.get('/api/v1/brand-voices').set(bob.auth).expect(200)).body.items).toEqual([]);
    const text = 'A source long enough to write about. '.replace('.', '') + Array.from({ length: 8 }, (_, i) => `Sentence ${i} says one more thing about bread and baking.`).join(' ');
    const pipeline = await api.http.post('/api/v1/pipelines/generate_blog').set(bob.auth).send({ text, options: { brand_voice_id: id } }).expect(404);
    expect(pipeline.body.type).toMatch(/brand_voice_not_found$/);
    await api.http.post('/api/v1/steps/outline.generate').set(bob.auth).send({ text, options: { brand_voice_id: id } }).expect(404);
    await api.http.post('/api/v1/steps/seo.generate').set(bob.auth).send({ text, brand_voice_id: id }).expect(404);
    await api.http.post('/api/v1/steps/blog.compose').set(bob.auth).send({ outline: { title: 't', chapters: [{ title: 'c' }] }, text, brand_voice_id: id }).expect(404);
    const bad = await api.http.post('/api/v1/pipelines/generate_blog').set(bob.auth).send({ text, options: { brand_voice_id: 'nope' } }).expect(400);
    expect(bad.body.errors[0].field).toBe('options.brand_voice_id');
  });

  it('answers 401 without credentials and 403 without the posts scope', async () => {
    await api.http.get('/api/v1/brand-voices').expect(401);
    await api.http.post('/api/v1/brand-voices').send(voice).expect(401);
    await api.http.get('/api/v1/brand-voices/7f1c1f39-2a41-4a55-8f43-0bb3f9f0a111').expect(401);
    const { seedUser } = await import('./support/accounts.js');
    const reader = await seedUser(api.app, ['posts:read']);
    const denied = await api.http.post('/api/v1/brand-voices').set(reader.auth).send(voice).expect(403);
    expect(denied.body.required_scope).toBe('posts:write');
    await api.http.get('/api/v1/brand-voices').set(reader.auth).expect(200);
  });
});
