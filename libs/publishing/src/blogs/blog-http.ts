import type { Agent } from 'undici';
import { DomainError, lazyPackage } from '@app/shared';
import type { TargetPolicy } from '../targets/target-policy.js';

/** Loaded with the first publish, not at start: an API process seldom sends one. */
const undici = lazyPackage<typeof import('undici')>('undici');

/** What is read of a blog's answer at most; a larger answer is cut (and not JSON). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const USER_AGENT = 'Scriptorium-Publisher/1';

export interface BlogRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** JSON (sent as application/json) or raw bytes (with their content type in `headers`). */
  json?: unknown;
  body?: Buffer;
  /** What the request does, for error messages (`uploading an image`). */
  doing: string;
}

export interface BlogAnswer {
  status: number;
  body: unknown;
}

/**
 * The one way Scriptorium talks to a blog: every URL passes the same address policy as outbound
 * webhooks (no private, loopback or metadata addresses, also after DNS), redirects are not
 * followed, each request has PUBLISH_TIMEOUT_MS, and the blog's failures become stable codes:
 * 401/403 `publish_unauthorized`, 404/410 `publish_target_gone`, 413 `publish_too_large`, other
 * 4xx `publish_rejected` (none retried), 429, 5xx, timeouts and connection failures
 * `publish_upstream_error` (retried with the job's backoff).
 */
export class BlogHttp {
  private agent?: Agent;

  constructor(
    private readonly policy: TargetPolicy,
    private readonly timeoutMs: number,
  ) {}

  private dispatcher(): Agent {
    const timeout = this.timeoutMs;
    return (this.agent ??= new (undici().Agent)({ connect: { lookup: this.policy.lookup, timeout }, headersTimeout: timeout, bodyTimeout: timeout }));
  }

  async send(call: BlogRequest, signal?: AbortSignal): Promise<BlogAnswer> {
    const url = await this.policy.check(call.url);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json', ...call.headers };
    let body: string | Buffer | undefined = call.body;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await undici().request(url, {
        method: call.method,
        headers,
        body,
        dispatcher: this.dispatcher(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.statusCode;
      text = await readCapped(response.body);
    } catch (error) {
      signal?.throwIfAborted();
      throw connectionFailure(error, call.doing, this.timeoutMs);
    }
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) return { status, body: parsed };
    throw blogFailure(status, call.doing, parsed);
  }

  async close(): Promise<void> {
    await this.agent?.close();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The blog's own error code (WordPress `code`, Ghost `errors[0].type`), when it is a plain identifier. */
function remoteCode(body: unknown): string | undefined {
  const record = body as { code?: unknown; errors?: { type?: unknown }[] } | undefined;
  const code = record?.code ?? record?.errors?.[0]?.type;
  return typeof code === 'string' && /^[\w.-]{1,80}$/.test(code) ? code : undefined;
}

/** A blog's non-2xx answer as a DomainError with a stable code (never the blog's text: it may echo what we sent). */
export function blogFailure(status: number, doing: string, body?: unknown): DomainError {
  const code = remoteCode(body);
  // WordPress names the term that already exists (term_exists): the tag lookup uses it.
  const termId = (body as { data?: { term_id?: unknown } } | undefined)?.data?.term_id;
  const details = { upstream_status: status, ...(code ? { upstream_code: code } : {}), ...(typeof termId === 'number' ? { term_id: termId } : {}) };
  const said = `the blog answered ${status}${code ? ` (${code})` : ''} ${doing}`;
  if (status === 401 || status === 403) {
    return new DomainError('publish_unauthorized', `${said}: check the target's credentials`, { details });
  }
  if (status === 404 || status === 410) {
    return new DomainError('publish_target_gone', `${said}: the site, its API or the remote post is gone`, { details });
  }
  if (status === 413) return new DomainError('publish_too_large', `${said}: the blog refused the size`, { details });
  if (status === 429 || status >= 500) return new DomainError('publish_upstream_error', said, { details, retryable: true });
  return new DomainError('publish_rejected', said, { details });
}

function connectionFailure(error: unknown, doing: string, timeoutMs: number): DomainError {
  if (error instanceof DomainError) return error;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = (cause as { code?: unknown })?.code ?? (error as { code?: unknown })?.code;
  const name = (error as { name?: unknown })?.name;
  if (code === 'ETARGETREFUSED') {
    return new DomainError('url_not_allowed', `${(cause as Error).message}; blogs must be on public addresses (see PUBLISH_ALLOWED_HOSTS)`);
  }
  const timedOut = name === 'TimeoutError' || name === 'AbortError' || (typeof code === 'string' && code.startsWith('UND_ERR_') && code.endsWith('TIMEOUT'));
  const why = timedOut ? `no answer within ${timeoutMs} ms` : `could not connect${typeof code === 'string' ? ` (${code})` : ''}`;
  return new DomainError('publish_upstream_error', `${why} ${doing}`, { retryable: true, details: { timeout: timedOut } });
}
