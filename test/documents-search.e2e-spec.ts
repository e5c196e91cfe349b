import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('GET /api/v1/documents?q=: the dashboard searches documents', () => {
  const stack = useStack();
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;
  const titles = ['Sourdough Starter Care', 'Baguettes at home', '100% rye, slowly', 'Rye_bread notes'];

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
    for (const title of titles) await api.http.post('/api/v1/documents').set(alice.auth).send({ title, text: `${title}. Some text about bread.` }).expect(201);
    await api.http.post('/api/v1/documents').set(bob.auth).send({ title: 'Sourdough secrets of bob', text: 'Bob writes about sourdough.' }).expect(201);
  });

  const search = async (owner: SeededUser, q: string) =>
    (await api.http.get('/api/v1/documents').query({ q }).set(owner.auth).expect(200)).body.items.map((doc: { title: string }) => doc.title).sort();

  it('finds titles containing the text, whatever the case, only among the caller\'s documents', async () => {
    expect(await search(alice, 'sourdough')).toEqual(['Sourdough Starter Care']);
    expect(await search(alice, 'RYE')).toEqual(['100% rye, slowly', 'Rye_bread notes']);
    expect(await search(bob, 'sourdough')).toEqual(['Sourdough secrets of bob']);
    expect(await search(alice, 'croissant')).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(await search(alice, '%')).toEqual(['100% rye, slowly']);
    expect(await search(alice, '_')).toEqual(['Rye_bread notes']);
  });

  it('pages the results and combines with source_type', async () => {
    const first = await api.http.get('/api/v1/documents').query({ q: 'e', limit: 1, source_type: 'text' }).set(alice.auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await api.http.get('/api/v1/documents').query({ q: 'e', limit: 1, source_type: 'text', cursor: first.body.next_cursor }).set(alice.auth).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect((await api.http.get('/api/v1/documents').query({ q: 'rye', source_type: 'upload' }).set(alice.auth).expect(200)).body.items).toEqual([]);
  });

  it('answers 400 naming q when it is empty, too long or repeated, and 401 without credentials', async () => {
    for (const query of ['q=', `q=${'a'.repeat(201)}`, 'q=a&q=b']) {
      const res = await api.http.get(`/api/v1/documents?${query}`).set(alice.auth).expect(400);
      expect(JSON.stringify(res.body)).toContain('q');
    }
    await api.http.get('/api/v1/documents?q=rye').expect(401);
  });
});
