import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('PATCH /api/v1/posts/{id} slug: the dashboard edits a post\'s URL segment', () => {
  const stack = useStack();
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;

  async function newPost(owner: SeededUser, title: string): Promise<{ id: string; slug: string }> {
    const { PostsService } = await import('@app/ai');
    const post = await api.app.get(PostsService).create({
      userId: owner.user.id,
      documentId: null,
      jobId: null,
      title,
      slug: '',
      description: 'd',
      keywords: [],
      markdown: `# ${title}\n\nText.`,
      html: `<h1>${title}</h1><p>Text.</p>`,
      chapters: [],
      images: [],
      meta: {},
    });
    return { id: post.id, slug: post.slug };
  }

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  it('changes the slug without touching the text, as a new version', async () => {
    const post = await newPost(alice, 'Proofing at home');
    expect(post.slug).toBe('proofing-at-home');
    const res = await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ slug: 'slow-proofing' }).expect(200);
    expect(res.body).toMatchObject({ slug: 'slow-proofing', title: 'Proofing at home', version: 2 });
    expect((await api.http.get(`/api/v1/posts/${post.id}`).set(alice.auth).expect(200)).body.slug).toBe('slow-proofing');
    // The same slug again is no conflict with itself.
    await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ slug: 'slow-proofing' }).expect(200);
  });

  it('answers 409 slug_taken for a slug another of the user\'s posts has, and lets another tenant use it', async () => {
    const first = await newPost(alice, 'Starter care');
    const second = await newPost(alice, 'Shaping loaves');
    const taken = await api.http.patch(`/api/v1/posts/${second.id}`).set(alice.auth).send({ slug: first.slug }).expect(409);
    expect(taken.body.type).toMatch(/slug_taken$/);
    expect((await api.http.get(`/api/v1/posts/${second.id}`).set(alice.auth).expect(200)).body).toMatchObject({ slug: 'shaping-loaves', version: 1 });
    const bobs = await newPost(bob, 'Something else');
    await api.http.patch(`/api/v1/posts/${bobs.id}`).set(bob.auth).send({ slug: first.slug }).expect(200);
  });

  it('answers 400 naming the field for a malformed slug, null or a wrong type', async () => {
    const post = await newPost(alice, 'Bad slugs');
    for (const slug of ['Has Caps', 'double--hyphen', '-edge', '', 'a'.repeat(81), null, 42]) {
      const res = await api.http.patch(`/api/v1/posts/${post.id}`).set(alice.auth).send({ slug }).expect(400);
      expect(JSON.stringify(res.body.errors)).toContain('slug');
    }
  });

  it('answers 404 for another tenant\'s post and 401 without credentials', async () => {
    const post = await newPost(alice, 'Private post');
    await api.http.patch(`/api/v1/posts/${post.id}`).set(bob.auth).send({ slug: 'mine-now' }).expect(404);
    await api.http.patch(`/api/v1/posts/${post.id}`).send({ slug: 'mine-now' }).expect(401);
  });
});
