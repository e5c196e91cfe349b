import { randomUUID } from 'node:crypto';
import { useLibContext } from '../../../../test/support/lib-context.js';
import type { PostsService } from './posts.service.js';

/** Writing posts against the run's Postgres. */
describe('PostsService.create (Postgres)', () => {
  const ctx = useLibContext('posts', async () => [(await import('../ai.module.js')).AiModule]);
  let posts: PostsService;

  beforeAll(async () => {
    posts = ctx.app.get((await import('./posts.service.js')).PostsService);
  });

  const fields = (title: string) => ({
    documentId: null,
    title,
    slug: '',
    description: 'A description.',
    keywords: ['one'],
    markdown: `# ${title}\n\nText.`,
    html: `<h1>${title}</h1><p>Text.</p>`,
    chapters: [],
    images: [],
    meta: {},
  });

  it('writes one post per job when two runs of its persist step write at once (a worker that lost its lock)', async () => {
    const userId = await ctx.newUser();
    const jobId = randomUUID();
    const [first, second] = await Promise.all([
      posts.create({ userId, jobId, ...fields('Same job') }),
      posts.create({ userId, jobId, ...fields('Same job') }),
    ]);
    expect(second.id).toBe(first.id);
    const rows = await ctx.sql<{ id: string }>('select id from posts where job_id = ?', [jobId]);
    expect(rows.map((row) => row.id)).toEqual([first.id]);
  });

  it('still gives two posts of one title free slugs when they come from different jobs', async () => {
    const userId = await ctx.newUser();
    const [a, b] = await Promise.all([posts.create({ userId, jobId: randomUUID(), ...fields('Twin') }), posts.create({ userId, jobId: randomUUID(), ...fields('Twin') })]);
    expect(a.id).not.toBe(b.id);
    expect(new Set([a.slug, b.slug])).toEqual(new Set(['twin', 'twin-2']));
  });
});
