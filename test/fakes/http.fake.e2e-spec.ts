import { HttpFake, type FakeRequest, type MultipartBody } from './http.fake.js';

/** A fake with one route of each kind the base offers. */
class ProbeFake extends HttpFake {
  constructor(options: { maxBodyBytes?: number } = {}) {
    super(options);
    this.route('POST', '/echo', (request, reply) => reply.json(201, { body: request.body }));
    this.route('GET', /^\/items\/(?<id>[a-z0-9]+)$/, (request, reply) => reply.json(200, { id: request.params.id, query: request.query }));
    this.route('GET', '/hang', () => undefined);
    this.route('GET', '/slow', async (_request, reply) => {
      await this.pause(300);
      reply.status(204);
    });
  }

  pause(ms: number): Promise<void> {
    return this.delay(ms);
  }
}

describe('HttpFake, the base of the fakes', () => {
  let fake: ProbeFake;

  beforeEach(async () => {
    fake = await new ProbeFake({ maxBodyBytes: 1024 }).start();
  });
  afterEach(() => fake.close());

  it('routes by method and path, with named groups as params, and answers 404 as a problem elsewhere', async () => {
    const item = await fetch(`${fake.url}/items/a1?lang=en`);
    expect(item.status).toBe(200);
    expect(await item.json()).toEqual({ id: 'a1', query: { lang: 'en' } });

    const wrongMethod = await fetch(`${fake.url}/items/a1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.headers.get('content-type')).toBe('application/problem+json');
    expect(await wrongMethod.json()).toMatchObject({ status: 404, detail: 'DELETE /items/a1' });
  });

  it('keeps every request with its body parsed by content type, and the status it was answered with', async () => {
    await fetch(`${fake.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: [1] }) });
    await fetch(`${fake.url}/echo`, { method: 'POST', body: new URLSearchParams({ 'metadata[user_id]': 'u1', plain: 'x' }) });
    const form = new FormData();
    form.set('model', 'whisper-1');
    form.set('file', new Blob([Buffer.alloc(10)], { type: 'audio/wav' }), 'talk.wav');
    await fetch(`${fake.url}/echo`, { method: 'POST', body: form });
    await fetch(`${fake.url}/nowhere`);

    const requests = fake.requests as FakeRequest[];
    expect(requests.map((request) => [request.method, request.path, request.routed, request.status])).toEqual([
      ['POST', '/echo', true, 201],
      ['POST', '/echo', true, 201],
      ['POST', '/echo', true, 201],
      ['GET', '/nowhere', false, 404],
    ]);
    expect(requests[0]!.body).toEqual({ a: [1] });
    expect(requests[1]!.body).toEqual({ metadata: { user_id: 'u1' }, plain: 'x' });
    expect(requests[2]!.body as MultipartBody).toEqual({
      fields: { model: 'whisper-1' },
      files: [{ field: 'file', filename: 'talk.wav', mimeType: 'audio/wav', bytes: 10 }],
    });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('answers 413 to a body over its cap without reaching a route', async () => {
    const res = await fetch(`${fake.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(2000) }) });
    expect(res.status).toBe(413);
    expect(fake.requests).toEqual([]);
  });

  it('fails the next calls of a route as scripted, after letting some through, and only that route', async () => {
    fake.fail({ route: 'GET /items/a1', times: 2, after: 1, status: 503 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await fetch(`${fake.url}/items/a1`)).status);
      statuses.push((await fetch(`${fake.url}/items/b2`)).status);
    }
    expect(statuses).toEqual([200, 200, 503, 200, 503, 200, 200, 200]);
    expect(fake.requests.filter((request) => request.failure).map((request) => request.path)).toEqual(['/items/a1', '/items/a1']);
  });

  it('holds every answer for its latency, counting the requests handled at once', async () => {
    fake.latencyMs = 200;
    const started = Date.now();
    await Promise.all([1, 2, 3].map((n) => fetch(`${fake.url}/items/n${n}`)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.maxConcurrent).toBe(3);
  });

  it('closes with requests still waiting for an answer, which never comes', async () => {
    const hanging = fetch(`${fake.url}/hang`).then(
      (res) => res.status,
      () => 'connection closed',
    );
    const slow = fetch(`${fake.url}/slow`).then(
      (res) => res.status,
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fake.close();
    expect(await hanging).toBe('connection closed');
    expect(await slow).toBe('connection closed');
  });
});
