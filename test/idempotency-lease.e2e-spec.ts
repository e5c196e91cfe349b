import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeStripe, type FakeStripe } from './fakes/stripe.fake.js';
import { startProcess, waitFor, type RunningProcess } from './support/processes.js';

const SECRET_KEY = 'sk_test_lease';
const LEASE_S = 2;

/**
 * In front of the fake Stripe: while closed, requests are held (the API's checkout call hangs);
 * held ones stay held until released, later ones pass once it is open.
 */
async function startGate(target: FakeStripe): Promise<{ port: number; held(): number; close(): void; open(): void; releaseHeld(): void; stop(): Promise<void> }> {
  let closed = false;
  const waiting: (() => void)[] = [];
  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    try {
      const answer = await fetch(`http://${target.host}:${target.port}${req.url}`, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>,
        body: req.method === 'GET' ? undefined : new Uint8Array(body),
      });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.destroy();
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const go = () => void forward(req, res, Buffer.concat(chunks));
      if (closed) waiting.push(go);
      else go();
    });
    res.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    held: () => waiting.length,
    close: () => (closed = true),
    open: () => (closed = false),
    releaseHeld: () => waiting.splice(0).forEach((go) => go()),
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An Idempotency-Key whose first request died must not answer 409 until it expires (48 h): its
 * claim is a lease the running request renews, and a retry takes over a lapsed one.
 */
describe('Idempotency-Key leases', () => {
  let stripe: FakeStripe;
  let gate: Awaited<ReturnType<typeof startGate>>;
  let env: Record<string, string>;
  let key: string;
  const apis: RunningProcess[] = [];

  const startApi = async () => {
    const api = startProcess('dist/apps/api/src/main.js', { ...env, PORT: '0', LOG_LEVEL: 'info' });
    apis.push(api);
    const port = await waitFor(() => /"msg":"api listening","port":(\d+)/.exec(api.output())?.[1], 30_000, 'api to listen');
    return { process: api, base: `http://127.0.0.1:${port}` };
  };
  const checkout = (base: string, idempotencyKey: string, signal?: AbortSignal) =>
    fetch(`${base}/api/v1/billing/checkout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({ credit_pack: 'standard' }),
      signal,
    });
  const heldAtStripe = (count: number) => waitFor(() => gate.held() >= count, 15_000, 'the checkout to reach Stripe');

  beforeAll(async () => {
    stripe = await startFakeStripe(SECRET_KEY);
    gate = await startGate(stripe);
    env = {
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}_lease`,
      IDEMPOTENCY_LEASE_S: String(LEASE_S),
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(gate.port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_PRICE_CREDIT_PACK: 'price_pack_standard',
    };
    const cli = startProcess('dist/apps/cli/src/main.js', env, ['user:create', `lease-${randomBytes(4).toString('hex')}`]);
    await cli.exited;
    key = cli.output().trim().split('\n').at(-1)!;
  });
  afterEach(() => {
    gate.releaseHeld();
    gate.open();
  });
  afterAll(async () => {
    for (const api of apis) if (api.child.exitCode === null) api.child.kill('SIGKILL');
    await Promise.all(apis.map((api) => api.exited));
    await gate?.stop();
    await stripe?.close();
  });

  it('keeps a running request’s key (409 past the lease), then replays its answer', async () => {
    const { base } = await startApi();
    gate.close();
    const first = checkout(base, 'lease-alive');
    await heldAtStripe(1);
    await sleep(LEASE_S * 1500);
    expect((await checkout(base, 'lease-alive')).status).toBe(409);
    gate.open();
    gate.releaseHeld();
    const answered = await first;
    expect(answered.status).toBe(200);
    const { url } = (await answered.json()) as { url: string };
    const replay = await checkout(base, 'lease-alive');
    expect({ status: replay.status, replayed: replay.headers.get('idempotent-replayed'), url: ((await replay.json()) as { url: string }).url }).toEqual({
      status: 200,
      replayed: 'true',
      url,
    });
  }, 60_000);

  it('frees the key of a stuck request whose client left, one lease after it left', async () => {
    const { base } = await startApi();
    gate.close();
    const client = new AbortController();
    const first = checkout(base, 'lease-abort', client.signal).catch(() => undefined);
    await heldAtStripe(1);
    client.abort();
    await first;
    expect((await checkout(base, 'lease-abort')).status).toBe(409);

    gate.open(); // the first request stays stuck at Stripe
    await sleep(LEASE_S * 1000 + 500);
    const retried = await checkout(base, 'lease-abort');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const { url } = (await retried.json()) as { url: string };

    // The stuck request finishing late changes nothing: the retry's answer is the key's answer.
    gate.releaseHeld();
    await sleep(500);
    const replay = await checkout(base, 'lease-abort');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { url: string }).url).toBe(url);
  }, 60_000);

  it('frees the key of a request whose API process was killed mid-request', async () => {
    const crashing = await startApi();
    gate.close();
    void checkout(crashing.base, 'lease-crash').catch(() => undefined);
    await heldAtStripe(1);
    crashing.process.child.kill('SIGKILL');
    await crashing.process.exited;

    gate.open();
    const { base } = await startApi();
    const retried = await waitFor(async () => {
      const res = await checkout(base, 'lease-crash');
      return res.status === 409 ? undefined : res;
    }, LEASE_S * 1000 + 5_000, 'the lease to lapse');
    expect(retried.status).toBe(200);
  }, 60_000);
});
