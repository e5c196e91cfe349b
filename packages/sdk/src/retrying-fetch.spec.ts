import { retryingFetch } from './retrying-fetch.js';

/** A fetch that answers the scripted statuses in turn (a thrown TypeError for 0) and records what it got. */
function scripted(...statuses: number[]) {
  const seen: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const request = input as Request;
    seen.push(request);
    await request.text();
    const status = statuses.shift() ?? 200;
    if (status === 0) throw new TypeError('fetch failed');
    return new Response(status === 204 ? null : '{}', { status });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

const policy = { retries: 2, initialDelayMs: 1 };

describe('retryingFetch', () => {
  it('gives a POST an Idempotency-Key and repeats it, with the same key and body, after a 503 and a network error', async () => {
    const { fetchImpl, seen } = scripted(503, 0, 201);
    const response = await retryingFetch(fetchImpl, policy, true)('http://api.test/api/v1/documents', { method: 'POST', body: '{"text":"x"}' });
    expect(response.status).toBe(201);
    expect(seen).toHaveLength(3);
    const keys = seen.map((request) => request.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps the caller\'s key, and sends none when automatic keys are off', async () => {
    const own = scripted(200);
    await retryingFetch(own.fetchImpl, policy, true)('http://api.test/x', { method: 'POST', headers: { 'Idempotency-Key': 'mine' }, body: '{}' });
    expect(own.seen[0]!.headers.get('Idempotency-Key')).toBe('mine');
    const off = scripted(503);
    const response = await retryingFetch(off.fetchImpl, policy, false)('http://api.test/x', { method: 'POST', body: '{}' });
    // Without a key a POST is not safe to repeat: the 503 is the answer.
    expect([response.status, off.seen.length, off.seen[0]!.headers.get('Idempotency-Key')]).toEqual([503, 1, null]);
  });

  it('repeats a GET after 429/502/503/504 up to the retries, and never a 4xx answer', async () => {
    const busy = scripted(429, 502, 504);
    expect((await retryingFetch(busy.fetchImpl, policy, true)('http://api.test/x')).status).toBe(504);
    expect(busy.seen).toHaveLength(3);
    const missing = scripted(404);
    expect((await retryingFetch(missing.fetchImpl, policy, true)('http://api.test/x')).status).toBe(404);
    expect(missing.seen).toHaveLength(1);
  });
});
