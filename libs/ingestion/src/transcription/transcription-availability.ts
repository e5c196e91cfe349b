import { Inject, Injectable } from '@nestjs/common';
import { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription.options.js';

export type TranscriptionStatus =
  | { status: 'available'; model: string }
  | { status: 'unavailable'; message: string };

export const TRANSCRIPTION_UNAVAILABLE_MESSAGE =
  'Set OPENAI_API_KEY (and OPENAI_BASE_URL for Groq or a local Whisper server) to transcribe audio and video.';

export function transcriptionStatus(options: TranscriptionOptions): TranscriptionStatus {
  if (!options.apiKey?.trim() || !options.baseURL?.trim()) {
    return { status: 'unavailable', message: TRANSCRIPTION_UNAVAILABLE_MESSAGE };
  }
  return { status: 'available', model: options.model };
}

/** Tells callers up front whether audio and video can be transcribed with the current configuration. */
@Injectable()
export class TranscriptionAvailability {
  constructor(@Inject(TRANSCRIPTION_OPTIONS) private readonly options: TranscriptionOptions) {}

  check(): TranscriptionStatus {
    return transcriptionStatus(this.options);
  }
}
