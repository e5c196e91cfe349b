import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver's surface used here (it ships no types). */
interface S3rverApp {
  callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
  logger: { close(): void };
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverApp;

/** One S3 API call as the fake saw it: the operation (named as in the S3 API reference) and its object key. */
export interface S3Call {
  operation: string;
  key: string;
  /** The Range header of a GetObject. */
  range?: string;
}

/** The S3 API operation of a path-style request (`/<bucket>/<key>?<subresource>`). */
function operationOf(method: string, key: string, query: URLSearchParams): string {
  if (!key) return method === 'GET' && query.get('list-type') === '2' ? 'ListObjectsV2' : `${method} bucket`;
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'PUT' && query.has('partNumber')) return 'UploadPart';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload';
  return { GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject', DELETE: 'DeleteObject' }[method] ?? method;
}

/**
 * An S3-compatible server for the tests: s3rver (the S3 API over a temporary directory, with SigV4
 * checks against its S3RVER/S3RVER key pair) behind a server of ours on a free port that records
 * each call, so tests can tell a multipart upload from a PutObject and see ranged reads.
 */
export class FakeS3 {
  readonly bucket = 'scriptorium-media';
  readonly accessKeyId = 'S3RVER';
  readonly secretAccessKey = 'S3RVER';
  readonly calls: S3Call[] = [];
  private server: Server | undefined;
  private s3rver: S3rverApp | undefined;
  private directory: string | undefined;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.directory = await mkdtemp(join(tmpdir(), 'scriptorium-s3-fake-'));
    const s3rver = new S3rver({ silent: true, directory: this.directory, configureBuckets: [{ name: this.bucket }], vhostBuckets: false });
    await s3rver.configureBuckets();
    this.s3rver = s3rver;
    const handle = s3rver.callback();
    const prefix = `/${this.bucket}/`;
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const key = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : '';
      const operation = operationOf(req.method ?? 'GET', key, url.searchParams);
      this.calls.push({ operation, key, ...(req.headers.range ? { range: req.headers.range } : {}) });
      handle(req, res);
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    if (!this.server) throw new Error('FakeS3 is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points the app's s3 driver at this fake. */
  get env(): Record<string, string> {
    return {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: this.url,
      S3_REGION: 'us-east-1',
      S3_BUCKET: this.bucket,
      S3_ACCESS_KEY_ID: this.accessKeyId,
      S3_SECRET_ACCESS_KEY: this.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  /** Puts an object straight into the bucket (a state the test starts from), without recording the call. */
  async put(key: string, body: Buffer): Promise<void> {
    const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: this.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey } });
    try {
      await client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
    } finally {
      client.destroy();
    }
    this.calls.pop();
  }

  /** Calls of one operation (e.g. 'UploadPart'). */
  callsOf(operation: string): S3Call[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.s3rver?.logger.close();
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }
}
