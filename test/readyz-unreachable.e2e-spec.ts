import { createServer } from 'node:net';
import { useStack } from './support/use-stack.js';

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GET /readyz with Redis unreachable', () => {
  const { api } = useStack({ env: async () => ({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }) });

  it('answers 503 naming Redis as down while Postgres is up', async () => {
    const res = await api.http.get('/readyz').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down', message: 'redis unreachable' } },
    });
  });

  it('still answers /healthz: the process is up', async () => {
    await api.http.get('/healthz').expect(200, { status: 'ok' });
  });
});
