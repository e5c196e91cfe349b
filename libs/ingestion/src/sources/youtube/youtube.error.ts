import { DomainError, JobFailure } from '@app/shared';

export type YouTubeErrorCode =
  | 'invalid_url'
  | 'video_unavailable'
  | 'captions_disabled'
  | 'no_track_in_langs'
  | 'audio_unavailable'
  | 'blocked'
  | 'upstream_error';

/**
 * HTTP status the step endpoint answers with for each code. Caption problems are 424 (the request
 * depends on something YouTube cannot give) rather than 422, which the 2026-11-25 decision keeps
 * for an Idempotency-Key reused with another body.
 */
export const YOUTUBE_ERROR_STATUS: Readonly<Record<YouTubeErrorCode, number>> = {
  invalid_url: 400,
  video_unavailable: 404,
  captions_disabled: 424,
  no_track_in_langs: 424,
  audio_unavailable: 424,
  blocked: 503,
  upstream_error: 502,
};

const RETRYABLE: ReadonlySet<YouTubeErrorCode> = new Set(['blocked', 'upstream_error']);

export class YouTubeError extends JobFailure {
  readonly status: number;

  constructor(
    override readonly code: YouTubeErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code, message, RETRYABLE.has(code));
    this.name = 'YouTubeError';
    this.status = YOUTUBE_ERROR_STATUS[code];
  }

  /** The same failure as a problem+json answer, for the synchronous step endpoint. */
  toDomainError(): DomainError {
    return new DomainError(this.status, this.code, this.message, this.extensions);
  }
}
