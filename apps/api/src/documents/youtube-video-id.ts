import { parseYouTubeVideoId } from '@app/ingestion';
import { DomainError } from '@app/shared';
import { exactlyOne } from '../http/exactly-one.js';

/** The video id from `url` or `video_id` (exactly one); 400 naming the field otherwise. */
export function youtubeVideoIdOf(body: { url?: string; video_id?: string }): string {
  const field = exactlyOne(body, 'url', 'video_id');
  const videoId = field === 'video_id' ? body.video_id! : parseYouTubeVideoId(body.url!);
  if (!videoId) throw DomainError.badField('url', 'url must be a YouTube video link (watch, youtu.be, shorts, embed or live)');
  return videoId;
}
