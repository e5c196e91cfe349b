import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type OpenAI from 'openai';
import type { TranscriptionVerbose } from 'openai/resources/audio/transcriptions';
import { lazyPackage } from '@app/shared';
import type { FileInput } from '../storage/file-storage.js';
import { AudioSegmenter, type AudioSegment, type SegmentedAudio } from './audio.segmenter.js';
import { toLanguageCode } from './language-code.js';
import { transcriptionStatus } from './transcription-availability.js';
import { TranscriptionError } from './transcription.error.js';
import { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription.options.js';

/** Loaded with the first transcription (the worker's), not when the API starts. */
const openai = lazyPackage<typeof import('openai')>('openai');

export interface TranscriptSegment {
  start_s: number;
  dur_s: number;
  text: string;
}

export interface Transcript {
  text: string;
  /** ISO 639-1 code of the detected (or requested) language; null when the server named none we know. */
  lang: string | null;
  duration_s: number;
  segments: TranscriptSegment[];
  model: string;
}

export interface TranscribeOptions {
  /** ISO 639-1 hint; improves accuracy and speed when known. */
  language?: string;
  segmentSeconds?: number;
  /** Aborts every request in flight (a canceled job). */
  signal?: AbortSignal;
  /** Called once the audio's duration is known, before anything is sent: a throw stops it (a spending cap). */
  beforeTranscribe?: (durationS: number) => Promise<void>;
}

const DEFAULT_CONCURRENCY = 2;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Transcribes audio and video through an OpenAI-compatible `/audio/transcriptions` endpoint:
 * the file is cut into segments, each is sent with `verbose_json`, and the answers are stitched
 * back into one transcript on the source's timeline.
 */
@Injectable()
export class Transcriber {
  private readonly logger = new Logger(Transcriber.name);
  private client?: OpenAI;

  /** The configured transcription model (what its usage is priced by). */
  get model(): string {
    return this.options.model;
  }

  /** The named provider serving it, when MODEL_ROUTES routes transcription. */
  get provider(): string | undefined {
    return this.options.provider;
  }

  constructor(
    @Inject(TRANSCRIPTION_OPTIONS) private readonly options: TranscriptionOptions,
    private readonly segmenter: AudioSegmenter,
  ) {}

  async transcribe(input: FileInput, options: TranscribeOptions = {}): Promise<Transcript> {
    const status = transcriptionStatus(this.options);
    if (status.status === 'unavailable') {
      throw new TranscriptionError('transcription_unavailable', status.message, false);
    }
    const client = this.openai();
    const started = performance.now();
    return this.segmenter.withSegments(
      input,
      async (audio) => {
        options.signal?.throwIfAborted();
        await options.beforeTranscribe?.(audio.duration_s);
        const answers = await this.transcribeSegments(client, audio.segments, options.language, options.signal);
        const transcript = stitch(answers, audio, this.options.model, options.language);
        this.logger.log({
          msg: 'audio transcribed',
          model: transcript.model,
          segments: audio.segments.length,
          duration_s: transcript.duration_s,
          lang: transcript.lang,
          chars: transcript.text.length,
          duration_ms: Math.round(performance.now() - started),
        });
        return transcript;
      },
      { segmentSeconds: options.segmentSeconds },
    );
  }

  private openai(): OpenAI {
    this.client ??= new (openai().OpenAI)({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseURL,
      maxRetries: this.options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return this.client;
  }

  /** In order, at most `concurrency` at once; the first failure aborts the requests still running. */
  private async transcribeSegments(
    client: OpenAI,
    segments: AudioSegment[],
    language: string | undefined,
    outer: AbortSignal | undefined,
  ): Promise<TranscriptionVerbose[]> {
    const answers = new Array<TranscriptionVerbose>(segments.length);
    const abort = new AbortController();
    const forward = () => abort.abort(outer?.reason);
    outer?.addEventListener('abort', forward, { once: true });
    let next = 0;
    const worker = async () => {
      while (!abort.signal.aborted && next < segments.length) {
        const segment = segments[next++]!;
        try {
          answers[segment.index] = await this.transcribeSegment(client, segment, language, abort.signal);
        } catch (error) {
          abort.abort();
          throw error;
        }
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? DEFAULT_CONCURRENCY);
    // allSettled: the temp files must outlive every request before the segmenter removes them.
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, segments.length) }, worker));
    outer?.removeEventListener('abort', forward);
    outer?.throwIfAborted();
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return answers;
  }

  private async transcribeSegment(
    client: OpenAI,
    segment: AudioSegment,
    language: string | undefined,
    signal: AbortSignal,
  ): Promise<TranscriptionVerbose> {
    // A file-backed Blob: re-readable when the SDK retries, without holding the segment in memory.
    const blob = await openAsBlob(segment.path, { type: segment.mime });
    const file = new File([blob], basename(segment.path), { type: segment.mime });
    try {
      return await client.audio.transcriptions.create(
        {
          file,
          model: this.options.model,
          response_format: 'verbose_json',
          ...(language ? { language } : {}),
        },
        { signal },
      );
    } catch (error) {
      throw toTranscriptionError(error, segment);
    }
  }
}

function toTranscriptionError(error: unknown, segment: AudioSegment): unknown {
  const { APIConnectionError, APIError } = openai();
  if (error instanceof APIConnectionError) {
    return new TranscriptionError('transcription_failed', 'The transcription service could not be reached.', true);
  }
  if (!(error instanceof APIError) || error.status === undefined) return error;
  const { status } = error;
  if (status === 401 || status === 403) {
    return new TranscriptionError(
      'transcription_auth_failed',
      `The transcription service refused the configured API key (HTTP ${status}).`,
      false,
    );
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    return new TranscriptionError(
      'transcription_failed',
      `The transcription service failed on segment ${segment.index + 1} (HTTP ${status}).`,
      true,
    );
  }
  return new TranscriptionError(
    'transcription_rejected',
    `The transcription service rejected segment ${segment.index + 1} (HTTP ${status}).`,
    false,
  );
}

/** Puts each segment's timestamps on the source's timeline: segment i's times + its start offset. */
function stitch(
  answers: TranscriptionVerbose[],
  audio: SegmentedAudio,
  model: string,
  requestedLanguage: string | undefined,
): Transcript {
  const texts: string[] = [];
  const segments: TranscriptSegment[] = [];
  answers.forEach((answer, index) => {
    const chunk = audio.segments[index]!;
    const text = answer.text.trim();
    if (text) texts.push(text);
    if (answer.segments && answer.segments.length > 0) {
      for (const part of answer.segments) {
        const partText = part.text.trim();
        if (!partText) continue;
        segments.push({
          start_s: round(chunk.start_s + part.start),
          dur_s: round(Math.max(0, part.end - part.start)),
          text: partText,
        });
      }
    } else if (text) {
      // Servers that answer without segments: the whole piece is one segment.
      segments.push({ start_s: chunk.start_s, dur_s: chunk.dur_s, text });
    }
  });
  const detected = answers.map((answer) => toLanguageCode(answer.language)).find((code) => code !== null);
  return {
    text: texts.join(' '),
    lang: detected ?? toLanguageCode(requestedLanguage),
    duration_s: audio.duration_s,
    segments,
    model,
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
