import { Injectable } from '@nestjs/common';
import { DomainError, type ErrorCode, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { FileIngester, type FileOutcome } from './file.ingester.js';
import type { ReceivedFile } from './upload-receiver.js';

export type { FileOutcome } from './file.ingester.js';

/**
 * Turns each uploaded file into a document (text formats, audio, video) or an optimized image
 * (media). One step per file, so a retried job does not redo finished files; one bad file does
 * not sink the others, but a job whose every file failed ends failed with the first error.
 */
@Injectable()
@JobHandler(JOB_TYPES.INGEST_UPLOAD)
export class IngestUploadHandler implements JobHandlerInstance {
  constructor(private readonly files: FileIngester) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const files = (context.job.input.files ?? []) as ReceivedFile[];
    const outcomes: FileOutcome[] = [];
    for (const [index, file] of files.entries()) {
      outcomes.push(
        await context.step(`file_${index + 1}`, () =>
          this.files.ingest(context.job.userId, file, { sourceType: 'upload', sourceRef: file.original_name, jobId: context.job.id, signal: context.signal }),
        ),
      );
    }
    const failed = outcomes.filter((outcome) => outcome.error);
    if (files.length > 0 && failed.length === files.length) {
      const first = failed[0]!.error!;
      throw new DomainError(first.code as ErrorCode, files.length === 1 ? first.message : `every file failed; first: ${first.message}`);
    }
    return {
      files: outcomes,
      document_ids: outcomes.flatMap((outcome) => (outcome.document_id ? [outcome.document_id] : [])),
      media_ids: outcomes.flatMap((outcome) => (outcome.media_id ? [outcome.media_id] : [])),
      failed: failed.length,
    };
  }
}
