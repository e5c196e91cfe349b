import { Injectable } from '@nestjs/common';
import { YouTubeTranscriptClient } from '@app/ingestion';

/** Lists what a batch reads from outside services (a YouTube playlist's or channel's videos). */
@Injectable()
export class BatchSources {
  constructor(private readonly youtube: YouTubeTranscriptClient) {}

  youtubeVideos(list: 'playlist' | 'channel', id: string, limit: number): Promise<string[]> {
    return this.youtube.listVideos({ kind: list, id }, limit);
  }
}
