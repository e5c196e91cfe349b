import { createClient, createConfig } from './generated/client/index.js';
import { ScriptoriumApi } from './generated/sdk.gen.js';
import type { GenerateBlog, JobDetail, Post } from './generated/types.gen.js';
import { JobFailedError, ScriptoriumError } from './errors.js';
import { followJobEvents, type FollowOptions } from './job-events.js';
import { retryingFetch } from './retrying-fetch.js';

export interface ScriptoriumOptions {
  /**
   * Where the API is, e.g. `https://scriptorium.example.com` or `http://localhost:3000`; in a page
   * the API itself serves, `''` (same origin).
   */
  baseUrl: string;
  /** An API key (`scr_…`), sent as a Bearer token. Leave it out in a browser signed in with the session cookie. */
  apiKey?: string;
  /**
   * Whether the browser sends the session cookie: `'same-origin'` (fetch's default) or `'include'`
   * for an API on another origin.
   */
  credentials?: RequestCredentials;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Retries of a request that is safe to repeat, after a network error, 429, 502, 503 or 504 (default 2). */
  retries?: number;
  /** Give every POST an Idempotency-Key unless the call sets one (default true). */
  idempotencyKeys?: boolean;
}

export interface GenerateBlogOptions extends Omit<FollowOptions, 'maxReconnects'> {
  /** The Idempotency-Key of the start (default: a new one): a repeat with the same key and body gets the same job. */
  idempotencyKey?: string;
}

/**
 * The Scriptorium API: every operation of the OpenAPI document (`client.documents.create(…)`,
 * `client.pipelines.generateBlog(…)` …, generated) answering its data and throwing
 * `ScriptoriumError` for an error answer, plus what a generator cannot write: following a job to
 * its end over Server-Sent Events, and a blog post from source in one call.
 */
export class Scriptorium extends ScriptoriumApi {
  private readonly follow: (jobId: string, options: FollowOptions) => ReturnType<typeof followJobEvents>;

  constructor(options: ScriptoriumOptions) {
    const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    const client = createClient(
      createConfig({
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        throwOnError: true,
        fetch: retryingFetch(baseFetch, { retries: options.retries ?? 2, initialDelayMs: 200 }, options.idempotencyKeys !== false),
        auth: (auth) => (auth.scheme === 'bearer' ? options.apiKey : undefined),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
      }),
    );
    client.interceptors.error.use((error, response) => (response && !response.ok ? ScriptoriumError.from(response, error) : error));
    super({ client });

    this.follow = (jobId, follow) =>
      followJobEvents(
        {
          url: (id) => client.buildUrl({ url: '/api/v1/jobs/{id}/events', path: { id } }),
          fetch: (url, headers, signal) => {
            for (const [name, value] of Object.entries(options.headers ?? {})) if (!headers.has(name)) headers.set(name, value);
            if (options.apiKey) headers.set('Authorization', `Bearer ${options.apiKey}`);
            return baseFetch(url, { headers, signal, ...(options.credentials ? { credentials: options.credentials } : {}) });
          },
        },
        jobId,
        follow,
      );
  }

  /**
   * Follows the job's events (`GET /api/v1/jobs/{id}/events`, reconnecting with Last-Event-ID) until
   * it finishes, then answers the job as it ended: `succeeded`, `failed` or `canceled`.
   */
  async waitForJob(jobId: string, options: FollowOptions = {}): Promise<JobDetail> {
    await this.follow(jobId, options);
    return this.jobs.get({ path: { id: jobId }, signal: options.signal });
  }

  /**
   * Starts generate_blog (`POST /api/v1/pipelines/generate_blog`), follows the job to its end and
   * answers the finished post; a job that fails or is canceled throws `JobFailedError` with its code.
   */
  async generateBlog(body: GenerateBlog, options: GenerateBlogOptions = {}): Promise<Post> {
    const started = await this.pipelines.generateBlog({
      body,
      ...(options.idempotencyKey ? { headers: { 'Idempotency-Key': options.idempotencyKey } } : {}),
      signal: options.signal,
    });
    // Without dry_run the answer is the job's envelope (a quote has no job).
    if (!('job_id' in started)) throw new TypeError('generateBlog starts a job: leave dry_run out (use pipelines.generateBlog for a quote)');
    const job = await this.waitForJob(started.job_id, options);
    const postId = job.output?.post_id;
    if (job.status !== 'succeeded' || typeof postId !== 'string') throw new JobFailedError(job);
    return this.posts.get({ path: { id: postId }, signal: options.signal });
  }
}
