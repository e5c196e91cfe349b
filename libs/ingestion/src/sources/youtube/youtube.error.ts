import { DomainError } from '@app/shared';

export type YouTubeErrorCode =
  | 'invalid_url'
  | 'video_unavailable'
  | 'playlist_unavailable'
  | 'captions_disabled'
  | 'no_track_in_langs'
  | 'audio_unavailable'
  | 'youtube_login_required'
  | 'age_restricted'
  | 'live_not_supported'
  | 'blocked'
  | 'upstream_error';

/** A blocked address or a passing outage may clear; every other refusal answers the same again. */
const RETRYABLE: ReadonlySet<YouTubeErrorCode> = new Set(['blocked', 'upstream_error']);

/** What YouTube would not give; blocked and upstream errors may pass, so those jobs retry. */
export class YouTubeError extends DomainError {
  declare readonly code: YouTubeErrorCode;

  constructor(code: YouTubeErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { retryable: RETRYABLE.has(code), details });
    this.name = 'YouTubeError';
  }
}
