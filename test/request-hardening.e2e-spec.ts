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
