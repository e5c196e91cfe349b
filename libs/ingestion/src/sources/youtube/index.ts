export { pickCaptionTrack, type CaptionTrack, type PickOptions } from './caption-track.picker.js';
export { parseTimedText, removeRollingRepeats, type TranscriptSegment } from './timedtext.parser.js';
export { YouTubeError, type YouTubeErrorCode } from './youtube.error.js';
export {
  YouTubeTranscriptClient,
  type DownloadAudioOptions,
  type DownloadedAudio,
  type FetchTranscriptOptions,
  type YouTubeTranscript,
  type YouTubeTranscriptClientOptions,
} from './youtube-transcript.client.js';
export { isYouTubeVideoId, parseYouTubeVideoId } from './youtube-url.js';
export { IngestYouTubeHandler } from './ingest-youtube.handler.js';
export { type IngestYouTubeInput, YouTubeIngester, type YouTubeIngestResult } from './youtube.ingester.js';
