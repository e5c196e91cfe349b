import { Readable } from 'node:stream';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { type FileStorage, Media, MediaUrls, ORIGINAL_VARIANT, STORAGE } from '@app/ingestion';
import { TrainingConsentService, TRAINING_EXPORT_SOURCE } from './training-consent.service.js';
import { type StepUsageRow, type TrainingExampleRow, TrainingExamplesRepository } from './training-examples.repository.js';
import { TrainingSanitizer } from './training-sanitizer.js';

export const TRAINING_FORMATS = ['records', 'chat'] as const;
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];

/** The export job's input. */
export interface TrainingExportInput {
  format: TrainingFormat;
  /** Names to replace with [NAME] besides the built-in patterns. */
  redact_names: string[];
}

const PAGE = 100;
const JSONL_MIME = 'application/x-ndjson';
/** The system message of every chat-format example. */
export const CHAT_SYSTEM_PROMPT = 'You turn source material into a well-structured, SEO-ready blog post in Markdown.';

/**
 * Writes the account's posts made since consent was given as a JSONL dataset to storage, one
 * sanitized line per post: `records` ({source, outline, chapters, post, model, usage}) or `chat`
 * (the chat fine-tuning format: system, the source as the user's message, the post as the
 * assistant's). The file is a media row of the user's (source type training_export), so its
 * download link is a signed media URL; revoking consent deletes it.
 */
@Injectable()
@JobHandler(JOB_TYPES.EXPORT_TRAINING)
export class TrainingExportHandler implements JobHandlerInstance {
  private readonly logger = new Logger(TrainingExportHandler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly consent: TrainingConsentService,
    private readonly examples: TrainingExamplesRepository,
    private readonly urls: MediaUrls,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const { job } = context;
    const input = job.input as unknown as TrainingExportInput;
    const since = await this.consent.require(job.userId);
    const em = this.em.fork();
    // A retried job finds the file it already wrote.
    let media = await em.findOne(Media, { userId: job.userId, sourceType: TRAINING_EXPORT_SOURCE, sourceRef: job.id });
    let examples: number;
    if (!media) {
      const sanitizer = new TrainingSanitizer({ names: input.redact_names });
      const counter = { examples: 0 };
      const stored = await this.storage.put(Readable.from(this.lines(job.userId, since, input.format, sanitizer, counter, context.signal)), { mime: JSONL_MIME });
      examples = counter.examples;
      media = em.create(Media, {
        userId: job.userId,
        storageKey: stored.key,
        mime: JSONL_MIME,
        bytes: stored.bytes,
        originalName: `training-${input.format}-${new Date().toISOString().slice(0, 10)}.jsonl`,
        sourceType: TRAINING_EXPORT_SOURCE,
        sourceRef: job.id,
        sourceRevision: `examples:${examples}`,
      });
      await em.flush();
      // Consent revoked while the file was written: nothing of it may stay.
      if (!(await this.consent.get(job.userId)).consentedAt) {
        await this.consent.deleteExports(job.userId);
        await this.consent.require(job.userId);
      }
    } else {
      examples = Number(/^examples:(\d+)$/.exec(media.sourceRevision ?? '')?.[1] ?? 0);
    }
    const link = this.urls.signedUrl(media.id, ORIGINAL_VARIANT);
    this.logger.log({ msg: 'training export written', job_id: job.id, examples, bytes: media.bytes, format: input.format });
    return { media_id: media.id, format: input.format, examples, bytes: media.bytes, since: since.toISOString(), download_url: link.url, expires_at: link.expires_at };
  }

  private async *lines(userId: string, since: Date, format: TrainingFormat, sanitizer: TrainingSanitizer, counter: { examples: number }, signal: AbortSignal): AsyncGenerator<string> {
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      signal.throwIfAborted();
      const rows = await this.examples.page(userId, since, after, PAGE);
      if (rows.length === 0) return;
      const usage = await this.examples.usageOf(userId, rows.flatMap((row) => (row.jobId ? [row.jobId] : [])));
      for (const row of rows) {
        const steps = usage.filter((entry) => entry.jobId === row.jobId);
        yield `${JSON.stringify(format === 'chat' ? chatExample(row, sanitizer) : recordExample(row, steps, sanitizer))}\n`;
        counter.examples += 1;
      }
      const last = rows.at(-1)!;
      after = { createdAt: last.createdAt, id: last.postId };
    }
  }
}

function recordExample(row: TrainingExampleRow, steps: StepUsageRow[], sanitizer: TrainingSanitizer): Record<string, unknown> {
  const models = [...new Set(steps.filter((step) => step.engine !== 'scriptorium').map((step) => step.model))];
  return {
    source: { type: row.sourceType, title: sanitizer.value(row.sourceTitle), text: sanitizer.value(row.sourceText) },
    outline: sanitizer.value(row.outline),
    chapters: sanitizer.value(row.chapters),
    post: sanitizer.value({ title: row.title, description: row.description, keywords: row.keywords, language: row.language, markdown: row.markdown }),
    model: models.length === 1 ? models[0] : models.length === 0 ? null : models,
    usage: steps.map((step) => ({ step: step.step, model: step.model, engine: step.engine, calls: step.calls, tokens_in: step.tokensIn, tokens_out: step.tokensOut, cost_micros: step.costMicros })),
  };
}

function chatExample(row: TrainingExampleRow, sanitizer: TrainingSanitizer): Record<string, unknown> {
  const source = [row.sourceTitle ? `Title: ${row.sourceTitle}` : null, row.sourceText ?? ''].filter((part) => part !== null).join('\n\n');
  return {
    messages: [
      { role: 'system', content: CHAT_SYSTEM_PROMPT },
      { role: 'user', content: sanitizer.text(`Write a blog post from this source.\n\n${source}`) },
      { role: 'assistant', content: sanitizer.text(row.markdown) },
    ],
  };
}

export function assertTrainingFormat(format: string): asserts format is TrainingFormat {
  if (!(TRAINING_FORMATS as readonly string[]).includes(format)) throw DomainError.badField('format', `format must be one of ${TRAINING_FORMATS.join(', ')}`);
}
