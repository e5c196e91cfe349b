import { connect } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const BOUNDARY = 'BOUND';

/** Sends raw bytes as one HTTP request on its own socket; resolves with the status line's code, or null when the socket closed first. */
function rawRequest(port: number, head: string, body: Buffer, options: { hangUpAfterBody?: boolean } = {}): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
      if (options.hangUpAfterBody) setTimeout(() => socket.destroy(), 200);
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve(status ? Number(status) : null);
    });
    socket.on('error', reject);
  });
}

function uploadHead(port: number, key: string, length: number): string {
  return [
    'POST /api/v1/documents/upload HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Authorization: Bearer ${key}`,
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
    `Content-Length: ${length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

const filePart = (name: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}`;

describe('one bad request never stops the API process', () => {
  let api: RunningProcess;
  let port: number;
  let key: string;
  const storageDir = join(process.env.STORAGE_DIR!, 'resilience');
  const stack = useStack({ api: 'process', env: { STORAGE_DIR: storageDir } });

  beforeAll(async () => {
    const cli = startProcess('dist/apps/cli/src/main.js', {}, ['user:create', `resilience-${Date.now()}`]);
    await cli.exited;
    key = cli.output().trim().split('\n').at(-1)!;
    api = stack.apiProcess;
    port = Number(new URL(stack.url).port);
  });

  const alive = async () => {
    expect(api.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  };
  const tempFiles = async () => readdir(join(storageDir, '.tmp')).catch(() => []);

  it('answers 400 to a multipart body that ends inside a file (no closing boundary) and keeps running', async () => {
    const body = Buffer.from(filePart('a.txt', 'hello'));
    expect(await rawRequest(port, uploadHead(port, key, body.length), body)).toBe(400);
    await alive();
  });

  it('answers 400 when the body ends inside the part headers, or after a complete file but before the end', async () => {
    for (const text of [
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filen`,
      `${filePart('a.txt', 'first file')}\r\n${filePart('b.txt', 'second, cut off')}`,
      `${filePart('a.txt', 'whole')}\r\n--${BOUNDARY}\r\n`,
    ]) {
      const body = Buffer.from(text);
      expect(await rawRequest(port, uploadHead(port, key, body.length), body)).toBe(400);
    }
    await alive();
    expect(await tempFiles()).toEqual([]);
  });

  it('survives a client that hangs up in the middle of a file, and keeps none of its bytes', async () => {
    const body = Buffer.from(filePart('big.txt', 'x'.repeat(64 * 1024)));
    // Content-Length promises more than is sent: the server is still reading when the socket closes.
    expect(await rawRequest(port, uploadHead(port, key, body.length + 100_000), body, { hangUpAfterBody: true })).toBeNull();
    await alive();
    await waitFor(async () => (await tempFiles()).length === 0, 5_000, 'partial upload removed');
    expect(api.output()).not.toMatch(/Unexpected end of (form|file)/);
  });
});
