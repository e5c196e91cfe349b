import { FAKE_YOUTUBE_CHANNEL, FAKE_YOUTUBE_PLAYLISTS, FAKE_YOUTUBE_VIDEOS as V, startFakeYouTube, type FakeYouTube } from '../../../../../test/fakes/youtube.fake.js';
import { YouTubeError } from './youtube.error.js';
import { YouTubeTranscriptClient } from './youtube-transcript.client.js';

describe('YouTubeTranscriptClient.listVideos (InnerTube browse)', () => {
  let fake: FakeYouTube;
  let client: YouTubeTranscriptClient;

  beforeAll(async () => {
    fake = await startFakeYouTube();
    client = new YouTubeTranscriptClient({ baseUrl: fake.origin, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it('lists a playlist’s playable videos in order across continuation pages, leaving out private ones', async () => {
    expect(await client.listVideos({ kind: 'playlist', id: FAKE_YOUTUBE_PLAYLISTS.sourdough }, 50)).toEqual([V.fullTalk, V.fullTalkAgain, V.multiLanguageTalk, V.manualAndAuto]);
  });

  it('stops at the limit without reading further pages', async () => {
    const before = fake.requests.length;
    expect(await client.listVideos({ kind: 'playlist', id: FAKE_YOUTUBE_PLAYLISTS.sourdough }, 1)).toEqual([V.fullTalk]);
    expect(fake.requests.length - before).toBe(1);
  });

  it('reads a channel’s uploads playlist, by UC id or by @handle', async () => {
    const uploads = [V.fullTalkAgain, V.fullTalk, V.autoEnglishRolling, V.captionsDisabled];
    expect(await client.listVideos({ kind: 'channel', id: FAKE_YOUTUBE_CHANNEL.id }, 10)).toEqual(uploads);
    expect(await client.listVideos({ kind: 'channel', id: FAKE_YOUTUBE_CHANNEL.handle }, 3)).toEqual(uploads.slice(0, 3));
  });

  it('says playlist_unavailable for a list or handle that does not exist', async () => {
    const missing = await client.listVideos({ kind: 'playlist', id: 'PLnothingHere000000' }, 5).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(YouTubeError);
    expect(missing).toMatchObject({ code: 'playlist_unavailable', retryable: false });
    const handle = await client.listVideos({ kind: 'channel', id: '@nobody-here' }, 5).catch((error: unknown) => error);
    expect(handle).toMatchObject({ code: 'playlist_unavailable' });
  });
});
