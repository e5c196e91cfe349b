import { bootApi, type TestApi } from './support/api.js';
import { seedUser, type SeededUser } from './support/accounts.js';

/**
 * Requests that once answered 500 or ended in a retried, masked job failure (issue 22): each must
 * be a 4xx naming what is wrong, or simply work.
 */
describe('request hardening', () => {
  let api: TestApi;
  let alice: SeededUser;

  beforeAll(async () => {
    api = await bootApi();
    alice = await seedUser(api.app);
  });
  afterAll(() => api?.close());

  const expectBadField = (res: { status: number; body: { errors?: { field: string }[] } }, field: string) => {
    expect({ status: res.status, fields: res.body.errors?.map((error) => error.field) }).toEqual({ status: 400, fields: expect.arrayContaining([field]) });
  };

  describe('deeply nested JSON', () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const bodies = {
      '100,000 nested arrays': `{"text":${arrays(100_000)}}`,
      '50,000 nested objects': `{"text":"x","options":${objects(50_000)}}`,
      'a deep array at the top': arrays(100_000),
    };

    it.each(Object.entries(bodies))('answers 400 naming body for %s, with or without an Idempotency-Key', async (_name, body) => {
      for (const path of ['/api/v1/documents', '/api/v1/pipelines/generate_blog', '/api/v1/steps/outline.generate', '/api/v1/api-keys']) {
        for (const key of [undefined, `deep-${path}-${body.length}`]) {
          const request = api.http.post(path).set(alice.auth).set('Content-Type', 'application/json');
          if (key) request.set('Idempotency-Key', key);
          const res = await request.send(body);
          expectBadField(res, 'body');
        }
      }
    });

    it('still takes a body nested as deeply as the bound allows', async () => {
      const res = await api.http.post('/api/v1/documents').set(alice.auth).set('Content-Type', 'application/json').send(`{"text":"x","lang":${arrays(31)}}`);
      expectBadField(res, 'lang');
    });
  });

  describe('slugs', () => {
    it('finds a free slug for the 52nd post of the same title (numbered, then from the post id)', async () => {
      const { PostsService } = await import('@app/ai');
      const posts = api.app.get(PostsService);
      const write = () =>
        posts.create({
          userId: alice.user.id,
          documentId: null,
          jobId: null,
          title: 'The same title',
          slug: '',
          description: 'again',
          keywords: [],
          markdown: '# The same title\n',
          html: '<h1>The same title</h1>',
          chapters: [],
          images: [],
          meta: {},
        });
      const slugs: string[] = [];
      for (let index = 0; index < 52; index += 1) slugs.push((await write()).slug);
      expect(new Set(slugs).size).toBe(52);
      expect(slugs.slice(0, 3)).toEqual(['the-same-title', 'the-same-title-2', 'the-same-title-3']);
      expect(slugs[49]).toBe('the-same-title-50');
      expect(slugs[50]).toMatch(/^the-same-title-[0-9a-f]{8}$/);
      expect(slugs[51]).toMatch(/^the-same-title-[0-9a-f]{8}$/);
    }, 60_000);
  });
});
