import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import busboy from 'busboy';

/** A multipart body as the fake saw it: its fields, and each file's name, type and size. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: { field: string; filename: string | undefined; mimeType: string; bytes: number }[];
}

/** A failure scripted with `fail()`: what the request got instead of the route's answer. */
export interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
}

export interface FakeRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Whether a route answers this request (otherwise it gets the fake's 404). */
  routed: boolean;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  /**
   * The body read by its content type: JSON parsed, a form decoded with bracket nesting
   * (`a[b]=c` → `{ a: { b: 'c' } }`, as Stripe and most form encoders write it), multipart as a
   * `MultipartBody`, any other text as is; undefined when empty or unparseable.
   */
  body: unknown;
  raw: Buffer;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** The scripted failure this request got instead of its answer. */
  failure?: ScriptedFailure;
  /** The status it was answered with, once answered. */
  status?: number;
}

export type FakeHandler = (request: FakeRequest, reply: FakeReply) => void | Promise<void>;

export interface HttpFakeOptions {
  /** Larger bodies are answered 413 without reaching a route (default 10 MiB). */
  maxBodyBytes?: number;
}

interface Route {
  method: string;
  pattern: string | RegExp;
  handler: FakeHandler;
}

interface PendingFailure extends ScriptedFailure {
  /** `METHOD /path` it applies to; any routed request when absent. */
  route?: string;
  times: number;
  after: number;
}

/** Answers one request once; later answers (a client gone, a second call) are ignored. */
export class FakeReply {
  constructor(
    private readonly response: ServerResponse,
    private readonly headers: Record<string, string>,
    private readonly answered: (status: number) => void,
  ) {}

  /** Runs `listener` once the client closed the connection (or it was answered). */
  onClose(listener: () => void): void {
    if (this.response.destroyed || this.response.writableEnded) return listener();
    this.response.once('close', listener);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
  }

  /** RFC 9457 problem details, for answers that belong to no particular protocol. */
  problem(status: number, title: string, detail?: string): void {
    this.send(status, JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) }), 'application/problem+json');
  }

  send(status: number, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
    this.write(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers }, body);
  }

  /** A bodiless answer: a redirect, a 204. */
  status(status: number, headers: Record<string, string> = {}): void {
    this.write(status, { 'content-length': '0', ...headers });
  }

  private write(status: number, headers: Record<string, string>, body?: string | Buffer): void {
    if (this.response.headersSent || this.response.destroyed) return;
    this.answered(status);
    this.response.writeHead(status, { ...this.headers, ...headers });
    this.response.end(body);
  }
}

/**
 * The base of every local fake of an outside service: a server on 127.0.0.1 (a free port) with
 * routes by method and path, bodies read up to a cap and parsed, the requests it got kept for
 * assertions, scripted failures and latency, and a `close()` that also ends open connections.
 * A fake says what it keeps of each request by overriding `record`, and how its protocol answers
 * an unknown route, a scripted failure and a crash by overriding the matching hooks.
 */
export class HttpFake<Recorded = FakeRequest> {
  /** What the fake kept of each request, in order of arrival (`record` decides). */
  readonly requests: Recorded[] = [];
  /** Milliseconds every routed request waits before it is answered. */
  latencyMs = 0;
  private readonly server: Server;
  private readonly routes: Route[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly maxBodyBytes: number;
  private listeningPort: number | undefined;
  private closed = false;
  private inFlight = 0;
  private peak = 0;

  constructor(options: HttpFakeOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.server = createServer((incoming, response) => void this.dispatch(incoming, response));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.listeningPort = (this.server.address() as AddressInfo).port;
    return this;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get port(): number {
    if (this.listeningPort === undefined) throw new Error(`${this.constructor.name} is not started`);
    return this.listeningPort;
  }

  /** `http://127.0.0.1:<port>`, the server's root. */
  get origin(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The base URL a client is given (the origin unless the protocol's clients want a prefix). */
  get url(): string {
    return this.origin;
  }

  /** The most routed requests handled at the same time so far. */
  get maxConcurrent(): number {
    return this.peak;
  }

  /**
   * The next `times` routed requests (to `route`, a `METHOD /path`, or to any route) get `status`
   * (500 unless told) in the protocol's error shape instead of their answer, after `after` more
   * have gone through. Calls queue up.
   */
  fail(options: { times?: number; after?: number; status?: number; retryAfterSeconds?: number; route?: string } = {}): void {
    const { times = 1, after = 0, status = 500, ...rest } = options;
    this.failures.push({ times, after, status, ...rest });
  }

  /** Resolves after `ms`, or never once the fake is closed (so a held answer never lands). */
  protected delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** `pattern`: the exact path, or a RegExp whose named groups become `request.params`. */
  protected route(method: string, pattern: string | RegExp, handler: FakeHandler): void {
    this.routes.push({ method, pattern, handler });
  }

  /** What to keep of a request in `requests` (nothing when undefined); every request passes here. */
  protected record(request: FakeRequest): Recorded | undefined {
    return request as Recorded;
  }

  /** Headers on every answer (a request id, say). */
  protected answerHeaders(): Record<string, string> {
    return {};
  }

  protected notFound(request: FakeRequest, reply: FakeReply): void {
    reply.problem(404, 'Not Found', `${request.method} ${request.path}`);
  }

  protected failed(_request: FakeRequest, reply: FakeReply, failure: ScriptedFailure): void {
    reply.problem(failure.status, 'Scripted failure');
  }

  protected crashed(_request: FakeRequest, reply: FakeReply, error: unknown): void {
    reply.problem(500, 'The fake crashed', String(error));
  }

  private async dispatch(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readCapped(incoming, this.maxBodyBytes);
    const url = new URL(incoming.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: incoming.headers,
      routed: false,
      params: {},
      body: undefined,
      raw: raw ?? Buffer.alloc(0),
      receivedAt: Date.now(),
    };
    const reply = new FakeReply(response, this.answerHeaders(), (status) => (request.status = status));
    if (!raw) return reply.problem(413, 'Payload Too Large', `bodies over ${this.maxBodyBytes} bytes are refused`);
    try {
      request.body = await parseBody(raw, incoming.headers);
      const route = this.match(request);
      if (route) request.failure = this.takeFailure(request);
      const recorded = this.record(request);
      if (recorded !== undefined) this.requests.push(recorded);
      if (!route) return this.notFound(request, reply);

      this.inFlight += 1;
      this.peak = Math.max(this.peak, this.inFlight);
      response.once('close', () => (this.inFlight -= 1));
      if (this.latencyMs > 0) await this.delay(this.latencyMs);
      if (request.failure) this.failed(request, reply, request.failure);
      else await route.handler(request, reply);
    } catch (error) {
      this.crashed(request, reply, error);
    }
  }

  private match(request: FakeRequest): Route | undefined {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      if (typeof route.pattern === 'string') {
        if (route.pattern !== request.path) continue;
      } else {
        const match = route.pattern.exec(request.path);
        if (!match) continue;
        request.params = { ...match.groups };
      }
      request.routed = true;
      return route;
    }
    return undefined;
  }

  private takeFailure(request: FakeRequest): ScriptedFailure | undefined {
    const pending = this.failures.find((failure) => !failure.route || failure.route === `${request.method} ${request.path}`);
    if (!pending) return undefined;
    if (pending.after > 0) {
      pending.after -= 1;
      return undefined;
    }
    pending.times -= 1;
    if (pending.times <= 0) this.failures.splice(this.failures.indexOf(pending), 1);
    return { status: pending.status, ...(pending.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: pending.retryAfterSeconds }) };
  }
}

/** The whole body, or undefined when it is over `max` bytes (the rest is read and dropped). */
function readCapped(incoming: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    incoming.on('end', () => resolve(size <= max ? Buffer.concat(chunks) : undefined));
    incoming.on('error', () => resolve(undefined));
  });
}

async function parseBody(raw: Buffer, headers: IncomingHttpHeaders): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, headers).catch(() => undefined);
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return decodeForm(text);
  if (/[/+]json\b/.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return text;
}

/** A bracketed form (`a[b][0][c]=v`) into nested objects (arrays stay objects keyed by index). */
export function decodeForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node = out;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

function parseMultipart(raw: Buffer, headers: IncomingHttpHeaders): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const body: MultipartBody = { fields: {}, files: [] };
    const parser = busboy({ headers });
    parser.on('field', (name, value) => (body.fields[name] = value));
    parser.on('file', (field, stream, info) => {
      const file = { field, filename: info.filename, mimeType: info.mimeType, bytes: 0 };
      body.files.push(file);
      stream.on('data', (chunk: Buffer) => (file.bytes += chunk.length));
    });
    parser.on('close', () => resolve(body));
    parser.on('error', reject);
    Readable.from([raw]).pipe(parser);
  });
}
