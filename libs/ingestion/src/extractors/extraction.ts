import { readFile, stat } from 'node:fs/promises';
import { DomainError, type ErrorCode } from '@app/shared';

export interface ExtractionInput {
  /** A file on disk. */
  path: string;
  /** The content type detected from the bytes (see `detectContentType`), never from the name. */
  mime: string;
  originalName?: string;
}

export interface ExtractedDocument {
  text: string;
  title?: string;
  lang?: string;
  /** Format specific: `pages` and `page_offsets` (PDF); `segments` and `duration_s` (SRT, WebVTT); front matter fields (Markdown). */
  metadata: Record<string, unknown>;
}

/** A timed piece of a transcript, in seconds. */
export interface TranscriptSegment {
  start_s: number;
  dur_s: number;
  text: string;
}

export interface Extractor {
  readonly mimes: readonly string[];
  extract(input: ExtractionInput): Promise<ExtractedDocument>;
}

export type ExtractionErrorCode = Extract<
  ErrorCode,
  'empty_file' | 'pdf_encrypted' | 'pdf_corrupt' | 'docx_corrupt' | 'unsupported_type' | 'text_undecodable' | 'no_text_found'
>;

/** The file itself is the problem, so trying again cannot help: never retryable. */
export class ExtractionError extends DomainError {
  declare readonly code: ExtractionErrorCode;

  constructor(code: ExtractionErrorCode, message: string) {
    super(code, message);
    this.name = 'ExtractionError';
  }
}

/** Reads the whole file, refusing an empty one. */
export async function readNonEmptyFile(path: string): Promise<Buffer> {
  const { size } = await stat(path);
  if (size === 0) throw new ExtractionError('empty_file', 'the file is empty');
  return readFile(path);
}

/** Fails with `no_text_found` when extraction left nothing but whitespace. */
export function requireText(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new ExtractionError('no_text_found', `no text was found in the ${what}`);
  return trimmed;
}

export const TITLE_MAX_CHARS = 120;

/** Collapses whitespace and cuts to the title length; undefined when nothing is left. */
export function cleanTitle(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const title = value.replace(/\s+/g, ' ').trim();
  if (title === '') return undefined;
  return title.length > TITLE_MAX_CHARS ? title.slice(0, TITLE_MAX_CHARS).trimEnd() : title;
}
