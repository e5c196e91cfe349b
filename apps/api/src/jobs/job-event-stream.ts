import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { FINISHED_JOB_STATUSES, type Job, type JobEventData, type RedisService } from '@app/shared';

const KEEPALIVE_MS = 15_000;
const BLOCK_MS = 15_000;
/** The worker saves the finished row just before it publishes `job.finished`: how long to wait for that event. */
const FINAL_EVENT_GRACE_MS = 1_000;

/** A Redis Stream entry id, the SSE event id (`<ms>-<seq>`). */
export const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

type Entry = [id: string, fields: string[]];

/**
 * One client's Server-Sent Events of a job: replays the job's Redis Stream after the last id
 * the client saw, then follows it with a blocking read on its own Redis connection until
 * `job.finished`, the client leaving or the app shutting down.
 */
export class JobEventStream {
  private reader?: Redis;
  private keepalive?: NodeJS.Timeout;
  private closed = false;
  private cursor: string;

  constructor(
    private readonly res: Response,
    private readonly redis: RedisService,
    private readonly key: string,
    private readonly loadJob: () => Promise<Job>,
    private readonly logger: Logger,
    after: string | undefined,
  ) {
    this.cursor = after ?? '0-0';
  }

  async run(): Promise<void> {
    // Read before the 200 goes out: without Redis the request is still answered (503), not an empty stream.
    const backlog = await this.redis.client.xrange(this.key, `(${this.cursor}`, '+');
    const res = this.res;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.on('close', () => this.close());
    // A socket failing under a write must not end the process; 'close' follows and ends the stream.
    res.on('error', () => this.close());
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
    try {
      if (this.sendAll(backlog)) return;
      if (this.closed || (await this.endIfFinished())) return;
      this.reader = this.redis.client.duplicate();
      this.reader.on('error', () => undefined);
      await this.reader.connect();
      while (!this.closed) {
        const result = await this.reader.xread('BLOCK', BLOCK_MS, 'STREAMS', this.key, this.cursor);
        if (this.closed) return;
        const entries = (result?.[0]?.[1] ?? []) as Entry[];
        if (this.sendAll(entries)) return;
        if (entries.length === 0 && (await this.endIfFinished())) return;
      }
    } catch (error) {
      if (!this.closed) this.logger.warn({ msg: 'job event stream failed', key: this.key, err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.close();
      // Also when the client left while the connection was being opened.
      this.reader?.disconnect();
    }
  }

  /** Ends the response and frees the Redis connection; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    this.reader?.disconnect();
    if (!this.res.writableEnded) this.res.end();
  }

  /** Sends the entries; true once `job.finished` was sent. */
  private sendAll(entries: Entry[]): boolean {
    for (const [id, fields] of entries) {
      this.cursor = id;
      const type = field(fields, 'type') ?? 'message';
      this.write(`id: ${id}\nevent: ${type}\ndata: ${field(fields, 'data') ?? '{}'}\n\n`);
      if (type === 'job.finished') return true;
    }
    return false;
  }

  /**
   * When the row says the job finished but its final event is not in the stream (expired, not
   * published, or about to be), sends the final event from the row. True if the stream ended.
   */
  private async endIfFinished(): Promise<boolean> {
    const job = await this.loadJob();
    if (!FINISHED_JOB_STATUSES.includes(job.status)) return false;
    if (job.finishedAt && Date.now() - job.finishedAt.getTime() < 10 * FINAL_EVENT_GRACE_MS) {
      await sleep(FINAL_EVENT_GRACE_MS);
      if (this.closed || this.sendAll(await this.redis.client.xrange(this.key, `(${this.cursor}`, '+'))) return true;
    }
    const data: JobEventData = {
      job_id: job.id,
      type: 'job.finished',
      status: job.status,
      ...(job.startedAt && job.finishedAt ? { duration_ms: job.finishedAt.getTime() - job.startedAt.getTime() } : {}),
      ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
      at: (job.finishedAt ?? new Date()).toISOString(),
    };
    this.write(`event: job.finished\ndata: ${JSON.stringify(data)}\n\n`);
    return true;
  }

  private write(chunk: string): void {
    if (!this.closed && !this.res.writableEnded) this.res.write(chunk);
  }
}

function field(fields: string[], name: string): string | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) if (fields[index] === name) return fields[index + 1];
  return undefined;
}
