import { ScriptoriumError } from './errors.js';
import { sleep } from './retrying-fetch.js';

/** One progress event of a job, as `GET /api/v1/jobs/{id}/events` sends it. */
export interface JobEvent {
  /** The stream id: the SSE `id`, sent back as `Last-Event-ID` on a reconnect. */
  id?: string;
  type: 'job.started' | 'step.started' | 'step.finished' | 'step.failed' | 'job.finished';
  job_id: string;
  step?: string;
  status?: string;
  duration_ms?: number;
  error?: { code: string; message: string };
  at: string;
}

export interface FollowOptions {
  /** Stops following (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called with every event, in order, each once (also across reconnects). */
  onEvent?: (event: JobEvent) => void;
  /** Consecutive failed connections before giving up (default 8); a 4xx answer ends at once. */
  maxReconnects?: number;
}

export interface EventSource {
  /** The events URL of a job. */
  url(jobId: string): string;
  /** Sends a GET with the client's credentials and headers. */
  fetch(url: string, headers: Headers, signal: AbortSignal | undefined): Promise<Response>;
}

const RECONNECT_DELAY_MS = 250;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Follows a job's Server-Sent Events until `job.finished`, reconnecting with `Last-Event-ID` after
 * a dropped connection or a stream that ended early (e.g. the API restarted), so no event is missed
 * or repeated. Resolves with the `job.finished` event.
 */
export async function followJobEvents(source: EventSource, jobId: string, options: FollowOptions = {}): Promise<JobEvent> {
  const maxReconnects = options.maxReconnects ?? 8;
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const headers = new Headers({ Accept: 'text/event-stream' });
    if (lastEventId !== undefined) headers.set('Last-Event-ID', lastEventId);
    try {
      const response = await source.fetch(source.url(jobId), headers, options.signal);
      if (!response.ok) {
        const error = ScriptoriumError.from(response, await readBody(response));
        // Another answer will not come of asking again (no such job, no access, bad id).
        if (response.status < 500 && response.status !== 429) throw error;
        throw new RetryableStreamError(error);
      }
      for await (const event of readEvents(response)) {
        failures = 0;
        if (event.id !== undefined) lastEventId = event.id;
        options.onEvent?.(event);
        if (event.type === 'job.finished') return event;
      }
    } catch (error) {
      if (error instanceof ScriptoriumError || options.signal?.aborted) throw error;
      failures += 1;
      if (failures > maxReconnects) throw error instanceof RetryableStreamError ? error.cause : error;
    }
    await sleep(Math.min(RECONNECT_DELAY_MS * 2 ** Math.max(failures - 1, 0), MAX_RECONNECT_DELAY_MS), options.signal);
  }
}

class RetryableStreamError extends Error {
  constructor(override readonly cause: ScriptoriumError) {
    super(cause.message);
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses a text/event-stream body into events (comments and keepalives skipped). */
async function* readEvents(response: Response): AsyncGenerator<JobEvent> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer = (buffer + value).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) yield event;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function parseBlock(block: string): JobEvent | null {
  let id: string | undefined;
  let type: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const parsed = JSON.parse(data.join('\n')) as Omit<JobEvent, 'id'>;
  return { ...parsed, type: (type ?? parsed.type) as JobEvent['type'], ...(id !== undefined ? { id } : {}) };
}
