import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookTargetPolicy } from '@app/webhooks';
import { publishTargetPolicy, type TargetPolicy } from '../targets/target-policy.js';
import { BlogHttp, blogFailure } from './blog-http.js';

const policy = (allowedHosts: string[]): TargetPolicy =>
  publishTargetPolicy(new WebhookTargetPolicy({ allowedHosts } as unknown as ConstructorParameters<typeof WebhookTargetPolicy>[0]));

describe('blogFailure', () => {
  it.each([
    [401, 'publish_unauthorized', false],
    [403, 'publish_unauthorized', false],
    [404, 'publish_target_gone', false],
    [410, 'publish_target_gone', false],
    [413, 'publish_too_large', false],
    [400, 'publish_rejected', false],
    [422, 'publish_rejected', false],
    [429, 'publish_upstream_error', true],
    [500, 'publish_upstream_error', true],
    [503, 'publish_upstream_error', true],
  ])('maps %i to %s (retryable: %s)', (status, code, retryable) => {
    const error = blogFailure(status, 'creating the post', { code: 'rest_error', message: 'secret text echoed back' });
    expect(error).toMatchObject({ code, retryable, details: { upstream_status: status, upstream_code: 'rest_error' } });
    expect(error.message).not.toContain('secret text');
  });

  it("keeps Ghost's error type and leaves out a code that is not a plain identifier", () => {
    expect(blogFailure(401, 'x', { errors: [{ type: 'UnauthorizedError', message: 'm' }] }).details).toEqual({ upstream_status: 401, upstream_code: 'UnauthorizedError' });
    expect(blogFailure(400, 'x', { code: '<script>' }).details).toEqual({ upstream_status: 400 });
  });
});

describe('BlogHttp', () => {
  let server: Server;
  let origin: string;
  let held = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/slow') {
        held += 1;
        return; // never answered: the client's timeout ends it
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the parsed JSON of a 2xx from an allow-listed host', async () => {
    const http = new BlogHttp(policy(['127.0.0.1']), 2000);
    await expect(http.send({ method: 'GET', url: `${origin}/ok`, doing: 'reading' })).resolves.toEqual({ status: 200, body: { ok: true } });
    await http.close();
  });

  it('turns a timeout into a retryable publish_upstream_error', async () => {
    const http = new BlogHttp(policy(['127.0.0.1']), 200);
    await expect(http.send({ method: 'GET', url: `${origin}/slow`, doing: 'reading the post' })).rejects.toMatchObject({
      code: 'publish_upstream_error',
      retryable: true,
      details: { timeout: true },
    });
    expect(held).toBe(1);
    await http.close();
  });

  it('refuses a loopback blog that is not allow-listed before connecting (url_not_allowed)', async () => {
    const http = new BlogHttp(policy([]), 2000);
    await expect(http.send({ method: 'GET', url: `${origin}/ok`, doing: 'reading' })).rejects.toMatchObject({
      code: 'url_not_allowed',
      retryable: false,
      message: expect.stringContaining('blogs must be on public addresses (see PUBLISH_ALLOWED_HOSTS)'),
    });
    await http.close();
  });
});
