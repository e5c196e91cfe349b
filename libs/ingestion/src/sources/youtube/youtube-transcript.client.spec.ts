import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { FAKE_YOUTUBE_VIDEOS as V, startFakeYouTube, type FakeYouTube } from '../../../../../test/fakes/youtube.fake.js';
import { ERROR_STATUS } from '../../../../../apps/api/src/http/error-status.js';
import { YouTubeError } from './youtube.error.js';
import { YouTubeTranscriptClient } from './youtube-transcript.client.js';

async function failure(promise: Promise<unknown>): Promise<YouTubeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof YouTubeError) return error;
    throw error;
  }
  throw new Error('expected a YouTubeError');
}

/** A minimal CONNECT proxy that counts the tunnels it opens. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const server: Server = createNetServer((client) => {
    client.once('data', (head) => {
      const match = /^CONNECT ([^:\s]+):(\d+) HTTP/.exec(head.toString('latin1'));
      if (!match) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      tunnels.push(`${match[1]}:${match[2]}`);
      const upstream = connect(Number(match[2]), match[1], () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('YouTubeTranscriptClient', () => {
  let fake: FakeYouTube;
  let client: YouTubeTranscriptClient;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    fake = await startFakeYouTube();
    client = new YouTubeTranscriptClient({ baseUrl: fake.url, apiKey: 'test-innertube-key' });
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('fetches the manual English track with video details, text and segments', async () => {
    const transcript = await client.fetchTranscript(`https://youtu.be/${V.manualAndAuto}?si=share`, { languages: ['en'] });
    expect(transcript).toEqual({
      video_id: V.manualAndAuto,
      title: 'Sourdough starter in five days',
      channel: 'Crumb & Crust Kitchen',
      duration_s: 412,
      lang: 'en',
      source: 'manual',
      caption_track: { lang: 'en', kind: 'manual', name: 'English', reason: 'requested_language' },
      text: 'Welcome back to the kitchen. Today we feed a sourdough starter from scratch. You need flour, water & patience. Keep the jar somewhere warm and feed it twice a day.',
      segments: [
        { start_s: 0, dur_s: 3.2, text: 'Welcome back to the kitchen.' },
        { start_s: 3.2, dur_s: 4.1, text: 'Today we feed a sourdough starter from scratch.' },
        { start_s: 7.3, dur_s: 2.5, text: 'You need flour, water & patience.' },
        { start_s: 9.8, dur_s: 3, text: 'Keep the jar somewhere warm and feed it twice a day.' },
      ],
    });
  });

  it('speaks InnerTube: player POST with client context and key, then timedtext with fmt=json3 on the configured base', async () => {
    await client.fetchTranscript(V.manualAndAuto);
    const [player, timedtext] = fake.requests;
    expect(fake.requests).toHaveLength(2);
    expect(player).toMatchObject({
      method: 'POST',
      path: '/youtubei/v1/player',
      query: { key: 'test-innertube-key', prettyPrint: 'false' },
      body: { videoId: V.manualAndAuto, context: { client: { clientName: 'ANDROID' } } },
    });
    expect(timedtext).toMatchObject({ method: 'GET', path: '/api/timedtext', query: { v: V.manualAndAuto, lang: 'en', fmt: 'json3' } });
    expect(timedtext!.query.kind).toBeUndefined();
  });

  it('removes rolling repeats from automatic captions', async () => {
    const transcript = await client.fetchTranscript(V.autoEnglishRolling, { languages: ['en'] });
    expect(transcript.source).toBe('auto');
    expect(transcript.text).toBe('welcome back to the kitchen today we shape a batard by hand');
    expect(transcript.segments).toEqual([
      { start_s: 0, dur_s: 2, text: 'welcome back to' },
      { start_s: 1, dur_s: 2.5, text: 'the kitchen today' },
      { start_s: 2.5, dur_s: 3, text: 'we shape a' },
      { start_s: 4, dur_s: 3, text: 'batard by hand' },
    ]);
  });

  it('asks for the automatic track with kind=asr when the video has no manual one', async () => {
    await client.fetchTranscript(V.autoEnglishRolling);
    expect(fake.requests[1]).toMatchObject({ path: '/api/timedtext', query: { lang: 'en', kind: 'asr', fmt: 'json3' } });
  });

  it('uses the automatic track of a requested language when it is the only one, reading classic XML', async () => {
    const transcript = await client.fetchTranscript(`https://www.youtube.com/watch?v=${V.autoGermanOnly}&t=3s`, { languages: ['de', 'en'] });
    expect(transcript).toMatchObject({
      video_id: V.autoGermanOnly,
      title: 'Brot backen für Anfänger',
      channel: 'Backstube Nord',
      duration_s: 95,
      lang: 'de',
      source: 'auto',
      caption_track: { lang: 'de', kind: 'asr', name: 'Deutsch (automatisch erzeugt)', reason: 'requested_language' },
      text: 'heute backen wir ein Brot mit Roggen & Dinkel das geht ganz einfach wir brauchen nur Mehl Wasser und Salz und ein wenig Geduld',
    });
    expect(transcript.segments[1]).toEqual({ start_s: 2.4, dur_s: 2.8, text: 'mit Roggen & Dinkel' });
  });

  it('falls back to another language when none requested exists, unless strict', async () => {
    const fallback = await client.fetchTranscript(V.autoGermanOnly, { languages: ['fr'] });
    expect(fallback).toMatchObject({ lang: 'de', source: 'auto', caption_track: { reason: 'fallback' } });

    const error = await failure(client.fetchTranscript(V.autoGermanOnly, { languages: ['fr', 'it'], strictLanguages: true }));
    expect(error).toMatchObject({ code: 'no_track_in_langs', retryable: false });
    expect(ERROR_STATUS[error.code]).toBe(424);
    expect(error.message).toBe(`YouTube video ${V.autoGermanOnly} has no captions in fr, it; available: de (auto)`);
  });

  describe('with no language asked for, the video’s default caption track', () => {
    it('takes the default track of an English talk whose uploader listed Chinese and German tracks first', async () => {
      const transcript = await client.fetchTranscript(V.multiLanguageTalk);
      expect(transcript).toMatchObject({ lang: 'en', source: 'manual', caption_track: { lang: 'en', kind: 'manual', name: 'English', reason: 'default_track' } });
      expect(transcript.text).toMatch(/^Why does bread rise\? Because the yeast/);
      expect(fake.requests[1]).toMatchObject({ path: '/api/timedtext', query: { lang: 'en' } });
      expect(fake.requests[1]!.query.kind).toBeUndefined();
    });

    it('reads the spoken language from the speech-recognition track when no default is named', async () => {
      const transcript = await client.fetchTranscript(V.asrNamesLanguage);
      expect(transcript).toMatchObject({ lang: 'en', source: 'auto', caption_track: { lang: 'en', kind: 'asr', reason: 'default_track' } });
      expect(transcript.text).toContain('today we score the bread');
    });

    it('keeps the requested order when languages are asked for: a manual track in the first language that has one', async () => {
      const transcript = await client.fetchTranscript(V.multiLanguageTalk, { languages: ['de', 'en'] });
      expect(transcript).toMatchObject({ lang: 'de', source: 'manual', caption_track: { name: 'Deutsch', reason: 'requested_language' } });
      const fallback = await client.fetchTranscript(V.multiLanguageTalk, { languages: ['ja'] });
      expect(fallback.caption_track).toEqual({ lang: 'en', kind: 'manual', name: 'English', reason: 'fallback' });
    });
  });

  it.each([
    ['invalid_url', 'https://youtube.com.evil.io/watch?v=dQw4w9WgXcQ', 400, false, /not a YouTube video/],
    ['video_unavailable', `https://www.youtube.com/shorts/${V.privateVideo}`, 404, false, /This video is private.*owner makes it public/],
    ['video_unavailable', V.removedVideo, 404, false, /removed by the uploader/],
    ['video_unavailable', 'xxxxxxxxxxx', 404, false, /This video is unavailable/],
    ['captions_disabled', V.captionsDisabled, 424, false, /captions are disabled.*upload the video file/],
    ['youtube_login_required', V.botCheck, 424, false, /not a bot.*retrying will not help: upload the video file or a captions file/],
    ['youtube_login_required', V.poTokenPlayer, 424, false, /empty body.*proof-of-origin token.*retrying will not help/],
    ['youtube_login_required', V.poTokenCaptions, 424, false, /empty caption document.*proof-of-origin token/],
    ['age_restricted', V.ageRestricted, 424, false, /age-restricted.*upload the video file/],
    ['age_restricted', V.ageVerification, 424, false, /age-restricted/],
    ['live_not_supported', V.liveNow, 424, false, /live stream that has not finished.*once the stream has ended/],
    ['live_not_supported', V.liveUpcoming, 424, false, /live stream that has not started yet/],
    ['blocked', V.rateLimited, 503, true, /429.*tries again with backoff.*YOUTUBE_PROXY_URL/],
    ['blocked', V.sorryRedirect, 503, true, /bot-check page.*YOUTUBE_PROXY_URL/],
  ])('fails with %s for %s', async (code, input, status, retryable, message) => {
    const error = await failure(client.fetchTranscript(input));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toMatch(message);
    // Only an address block names the proxy: it cannot help the others.
    if (code !== 'blocked') expect(error.message).not.toContain('YOUTUBE_PROXY_URL');
    // The status the API answers a step with when it fails this way (one table at the edge).
    expect(ERROR_STATUS[error.code]).toBe(status);
  });

  it('never fetches a caption URL outside YouTube', async () => {
    const error = await failure(client.fetchTranscript(V.foreignCaptionHost));
    expect(error.code).toBe('upstream_error');
    expect(fake.requests.map((r) => r.path)).toEqual(['/youtubei/v1/player']);
  });

  it('sends every request through the configured proxy', async () => {
    const proxy = await startConnectProxy();
    const proxied = new YouTubeTranscriptClient({ baseUrl: fake.url, proxyUrl: proxy.url });
    try {
      const transcript = await proxied.fetchTranscript(V.manualAndAuto);
      expect(transcript.source).toBe('manual');
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(proxy.tunnels.every((target) => target === new URL(fake.url).host)).toBe(true);
    } finally {
      await proxied.close();
      await proxy.close();
    }
  });
  describe('downloadAudio', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'yt-audio-spec-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('streams the smallest plain-url audio format to disk, skipping ciphered and video formats', async () => {
      const dest = join(dir, 'a.audio');
      const audio = await client.downloadAudio(V.captionsDisabled, dest);
      expect(audio).toMatchObject({ path: dest, mime: 'audio/wav' });
      expect(audio.bytes).toBeGreaterThan(1000);
      expect(readFileSync(dest).subarray(0, 4).toString('latin1')).toBe('RIFF');
      const playback = fake.requests.filter((r) => r.path === '/videoplayback');
      expect(playback.map((r) => r.query.itag)).toEqual(['599']);
    });

    it('fails with audio_unavailable (424) when no audio format has a plain url', async () => {
      const error = await failure(client.downloadAudio(V.manualAndAuto, join(dir, 'b.audio')));
      expect(error).toMatchObject({ code: 'audio_unavailable', retryable: false });
      expect(ERROR_STATUS[error.code]).toBe(424);
    });

    it('refuses an audio URL outside YouTube media hosts and the configured base', async () => {
      const other = new YouTubeTranscriptClient({ baseUrl: fake.url.replace('127.0.0.1', 'localhost') });
      try {
        const error = await failure(other.downloadAudio(V.captionsDisabled, join(dir, 'c.audio')));
        expect(error.code).toBe('upstream_error');
        expect(fake.requests.map((r) => r.path)).toEqual(['/youtubei/v1/player']);
      } finally {
        await other.close();
      }
    });

    it('fails with upstream_error, and keeps running, when the file cannot be written', async () => {
      const error = await failure(client.downloadAudio(V.captionsDisabled, join(dir, 'missing-dir', 'e.audio')));
      expect(error).toMatchObject({ code: 'upstream_error' });
    });

    it('fails with upstream_error when YouTube cuts the audio stream off mid-way', async () => {
      const server = createHttpServer((request, response) => {
        if (request.url?.startsWith('/youtubei/v1/player')) {
          const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ playabilityStatus: { status: 'OK' }, streamingData: { adaptiveFormats: [{ itag: 1, url: `${base}/videoplayback?id=x`, mimeType: 'audio/wav', bitrate: 1 }] } }));
          return;
        }
        response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': '100000' });
        response.write(Buffer.alloc(1000));
        setTimeout(() => response.socket?.destroy(), 50);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const cutting = new YouTubeTranscriptClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      try {
        const error = await failure(cutting.downloadAudio(V.captionsDisabled, join(dir, 'f.audio')));
        expect(error).toMatchObject({ code: 'upstream_error' });
      } finally {
        await cutting.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('stops past maxBytes', async () => {
      const error = await failure(client.downloadAudio(V.captionsDisabled, join(dir, 'd.audio'), { maxBytes: 100 }));
      expect(error).toMatchObject({ code: 'upstream_error' });
      expect(error.message).toMatch(/larger than allowed/);
    });
  });
});
