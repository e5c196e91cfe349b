export {
  AUDIO_SEGMENTER_OPTIONS,
  AudioSegmenter,
  DEFAULT_SEGMENT_SECONDS,
  type AudioSegment,
  type AudioSegmenterOptions,
  type SegmentFormat,
  type SegmentedAudio,
} from './audio.segmenter.js';
export { toLanguageCode } from './language-code.js';
export { Transcriber, type TranscribeOptions, type Transcript, type TranscriptSegment } from './transcriber.js';
export {
  TRANSCRIPTION_UNAVAILABLE_MESSAGE,
  TranscriptionAvailability,
  transcriptionStatus,
  type TranscriptionStatus,
} from './transcription-availability.js';
export { TranscriptionError, type TranscriptionErrorCode } from './transcription.error.js';
export { TRANSCRIPTION_OPTIONS, type TranscriptionOptions } from './transcription.options.js';
