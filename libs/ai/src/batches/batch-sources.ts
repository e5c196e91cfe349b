import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared';

/** Lists what a batch reads from outside services (a YouTube playlist's or channel's videos). */
@Injectable()
export class BatchSources {
  async youtubeVideos(_list: 'playlist' | 'channel', _id: string, _limit: number, _signal: AbortSignal): Promise<string[]> {
    throw DomainError.badField('youtube_url', 'YouTube playlists and channels are not supported yet');
  }
}
