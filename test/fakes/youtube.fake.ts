import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { HttpFake, type FakeReply, type FakeRequest } from './http.fake.js';

/** Video ids the fake knows, one per behaviour. */
export const FAKE_YOUTUBE_VIDEOS = {
  /** Manual English track, automatic English track (json3). */
  manualAndAuto: 'mAnUaLeN_01',
  /** Only an automatic English track whose cues roll (each repeats the tail of the one before). */
  autoEnglishRolling: 'aUtOeN_0001',
  /** Only an automatic German track; its timedtext ignores `fmt` and answers classic XML. */
  autoGermanOnly: 'aUtOdE-0001',
  /** Playable, no `captions` object at all; its audio stream (a 3 s WAV) is served at `/videoplayback`. */
  captionsDisabled: 'noCaps00001',
  /** LOGIN_REQUIRED, "This video is private". */
  privateVideo: 'pRiVaTe0001',
  /** LOGIN_REQUIRED with the bot-check reason. */
  botCheck: 'bOtChEcK001',
  /** The player endpoint answers 429 with an HTML page. */
  rateLimited: 'rAtElImIt01',
  /** A caption track whose baseUrl points outside YouTube. */
  foreignCaptionHost: 'fOrEiGnHoSt',
  /** A 13-minute talk: a manual English track holding the committed sample transcript, a sentence a cue. */
  fullTalk: 'fUlLtAlK001',
  /** The same talk uploaded again (a second long video for playlists). */
  fullTalkAgain: 'fUlLtAlK002',
  /** An English talk with the uploader's tracks in Chinese, German and English (listed in that order) and English ASR; the default caption track is the English one. */
  multiLanguageTalk: 'mUlTiLaNg01',
  /** Manual Spanish and French tracks and an English ASR track, no default named: the ASR track gives the spoken language. */
  asrNamesLanguage: 'aSrOnLyEn01',
  /** A manual English track of three words. */
  shortCaptions: 'sHoRtCaPs01',
  /** The player answers 200 with an empty body (what YouTube does when it wants a proof-of-origin token). */
  poTokenPlayer: 'pOtOkEn0001',
  /** Playable, but its caption track answers 200 with an empty body (proof-of-origin token wanted). */
  poTokenCaptions: 'pOtOkEnCaP1',
  /** LOGIN_REQUIRED, "Sign in to confirm your age". */
  ageRestricted: 'aGeGaTe0001',
  /** AGE_VERIFICATION_REQUIRED. */
  ageVerification: 'aGeChEcK001',
  /** ERROR, "This video has been removed by the uploader". */
  removedVideo: 'rEmOvEd0001',
  /** A live stream going on now: OK, `videoDetails.isLive`. */
  liveNow: 'lIvEnOw0001',
  /** A scheduled live stream: LIVE_STREAM_OFFLINE, `videoDetails.isUpcoming`. */
  liveUpcoming: 'uPcOmInG001',
  /** The player request is redirected to Google's `/sorry/` captcha page (an IP block). */
  sorryRedirect: 'bLoCkPaGe01',
} as const;

/** The sample transcript (a sourdough walkthrough) as caption cues of 5 s each. */
const SAMPLE_CUES: [number, number, string][] = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8')
  .split(/(?<=[.!?])\s+/)
  .filter((sentence) => sentence.trim().length > 0)
  .map((sentence, index) => [index * 5000, 5000, sentence.trim().replace(/&/g, '&amp;')]);

interface FakeTrack {
  lang: string;
  name: string;
  auto: boolean;
  xmlOnly?: boolean;
  host?: string;
  /** Its timedtext answers 200 with an empty body. */
  emptyBody?: boolean;
  cues: [startMs: number, durMs: number, text: string][];
}

interface FakeVideo {
  title: string;
  author: string;
  channelId: string;
  lengthSeconds: number;
  playability?: { status: string; reason: string; subreason?: string };
  tracks?: FakeTrack[];
  /** `defaultCaptionTrackIndex` of the (only) audio track, an index into `tracks`. */
  defaultCaptionTrack?: number;
  /** A live stream: going on now (`isLive`), or scheduled (`isUpcoming`, status LIVE_STREAM_OFFLINE). */
  live?: 'now' | 'upcoming';
  /** Lists audio formats in `streamingData.adaptiveFormats`, the plain-url one served by the fake. */
  audio?: boolean;
}

const V = FAKE_YOUTUBE_VIDEOS;

const VIDEOS: Record<string, FakeVideo> = {
  [V.fullTalk]: {
    title: 'Sourdough from starter to slice',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: Math.ceil((SAMPLE_CUES.length * 5000) / 1000),
    tracks: [{ lang: 'en', name: 'English', auto: false, cues: SAMPLE_CUES }],
  },
  [V.fullTalkAgain]: {
    title: 'Sourdough from starter to slice (re-upload)',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: Math.ceil((SAMPLE_CUES.length * 5000) / 1000),
    tracks: [{ lang: 'en', name: 'English', auto: false, cues: SAMPLE_CUES }],
  },
  [V.manualAndAuto]: {
    title: 'Sourdough starter in five days',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 412,
    tracks: [
      {
        lang: 'en',
        name: 'English',
        auto: false,
        cues: [
          [0, 3200, 'Welcome back to the kitchen.'],
          [3200, 4100, 'Today we feed a sourdough starter\nfrom scratch.'],
          [7300, 2500, 'You need flour, water &amp; patience.'],
          [9800, 3000, 'Keep the jar somewhere warm and feed it twice a day.'],
        ],
      },
      {
        lang: 'en',
        name: 'English (auto-generated)',
        auto: true,
        cues: [
          [0, 2000, 'welcome back to'],
          [1000, 2500, 'welcome back to the kitchen today'],
          [2500, 3000, 'the kitchen today we feed a'],
          [4000, 2600, 'we feed a sourdough starter'],
          [6000, 1000, 'sourdough starter'],
        ],
      },
    ],
  },
  [V.autoEnglishRolling]: {
    title: 'Shaping a batard',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 31,
    tracks: [
      {
        lang: 'en',
        name: 'English (auto-generated)',
        auto: true,
        cues: [
          [0, 2000, 'welcome back to'],
          [1000, 2500, 'welcome back to the kitchen today'],
          [2500, 3000, 'the kitchen today we shape a'],
          [4000, 2600, 'we shape a batard by hand'],
          [6000, 1000, 'by hand'],
        ],
      },
    ],
  },
  [V.autoGermanOnly]: {
    title: 'Brot backen für Anfänger',
    author: 'Backstube Nord',
    channelId: 'UCfakeBackstubeNord00000',
    lengthSeconds: 95,
    tracks: [
      {
        lang: 'de',
        name: 'Deutsch (automatisch erzeugt)',
        auto: true,
        xmlOnly: true,
        cues: [
          [0, 2400, 'heute backen wir ein Brot'],
          [2400, 2800, 'mit Roggen &amp; Dinkel'],
          [5200, 3000, 'das geht ganz einfach'],
          [8200, 2600, 'wir brauchen nur Mehl Wasser und Salz'],
          [10800, 2000, 'und ein wenig Geduld'],
        ],
      },
    ],
  },
  [V.captionsDisabled]: {
    title: 'Silent timelapse of rising dough',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 60,
    audio: true,
  },
  [V.privateVideo]: {
    title: '',
    author: '',
    channelId: '',
    lengthSeconds: 0,
    playability: { status: 'LOGIN_REQUIRED', reason: 'This video is private' },
  },
  [V.botCheck]: {
    title: '',
    author: '',
    channelId: '',
    lengthSeconds: 0,
    playability: { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm you’re not a bot', subreason: 'This helps protect our community. Learn more' },
  },
  [V.multiLanguageTalk]: {
    title: 'Why bread rises',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 95,
    tracks: [
      { lang: 'zh-Hans', name: '中文（简体）', auto: false, cues: [[0, 4000, '面包为什么会发起来？'], [4000, 4000, '因为酵母在面团里产生气体。']] },
      { lang: 'de', name: 'Deutsch', auto: false, cues: [[0, 4000, 'Warum geht Brot auf?'], [4000, 4000, 'Weil die Hefe im Teig Gas bildet.']] },
      {
        lang: 'en',
        name: 'English',
        auto: false,
        cues: [
          [0, 4000, 'Why does bread rise?'],
          [4000, 4000, 'Because the yeast in the dough makes gas.'],
          [8000, 5000, 'The gluten holds that gas in tiny pockets, and the loaf grows in the oven.'],
        ],
      },
      { lang: 'en', name: 'English (auto-generated)', auto: true, cues: [[0, 4000, 'why does bread rise because the yeast']] },
    ],
    defaultCaptionTrack: 2,
  },
  [V.asrNamesLanguage]: {
    title: 'Scoring patterns',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 40,
    tracks: [
      { lang: 'es', name: 'Español', auto: false, cues: [[0, 3000, 'Hoy hacemos cortes en el pan.']] },
      { lang: 'fr', name: 'Français', auto: false, cues: [[0, 3000, 'Aujourd’hui nous entaillons le pain.']] },
      {
        lang: 'en',
        name: 'English (auto-generated)',
        auto: true,
        cues: [
          [0, 3000, 'today we score the bread with a sharp blade'],
          [3000, 3000, 'a shallow cut at an angle opens an ear'],
          [6000, 3000, 'and a deep straight cut lets it rise evenly'],
        ],
      },
    ],
  },
  [V.shortCaptions]: {
    title: 'Crumb shot',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 8,
    tracks: [{ lang: 'en', name: 'English', auto: false, cues: [[0, 3000, 'Look at that!']] }],
  },
  [V.poTokenCaptions]: {
    title: 'Proof-of-origin test',
    author: 'Test Channel',
    channelId: 'UCfakeTestChannel0000000',
    lengthSeconds: 10,
    tracks: [{ lang: 'en', name: 'English', auto: false, emptyBody: true, cues: [[0, 1000, 'never served']] }],
  },
  [V.ageRestricted]: {
    title: '',
    author: '',
    channelId: '',
    lengthSeconds: 0,
    playability: { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm your age', subreason: 'This video may be inappropriate for some users.' },
  },
  [V.ageVerification]: {
    title: '',
    author: '',
    channelId: '',
    lengthSeconds: 0,
    playability: { status: 'AGE_VERIFICATION_REQUIRED', reason: 'This video may be inappropriate for some users.', subreason: 'Sign in to confirm your age' },
  },
  [V.removedVideo]: {
    title: '',
    author: '',
    channelId: '',
    lengthSeconds: 0,
    playability: { status: 'ERROR', reason: 'This video has been removed by the uploader', subreason: '' },
  },
  [V.liveNow]: {
    title: 'Bake-along, live',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 0,
    live: 'now',
  },
  [V.liveUpcoming]: {
    title: 'Bake-along, next Sunday',
    author: 'Crumb & Crust Kitchen',
    channelId: 'UCfakeCrumbCrust0000000a',
    lengthSeconds: 0,
    live: 'upcoming',
  },
  [V.foreignCaptionHost]: {
    title: 'Caption host test',
    author: 'Test Channel',
    channelId: 'UCfakeTestChannel0000000',
    lengthSeconds: 10,
    tracks: [{ lang: 'en', name: 'English', auto: false, host: 'captions.example.net', cues: [[0, 1000, 'never fetched']] }],
  },
};

/** Playlists the fake knows: their videos in order (a channel's uploads playlist is `UU` + its id without `UC`). */
export const FAKE_YOUTUBE_PLAYLISTS = {
  /** Two long talks with a private video between them. */
  sourdough: 'PLfakeSourdough00001',
  /** The uploads of the channel UCfakeCrumbCrust0000000a (handle @crumbandcrust). */
  crumbUploads: 'UUfakeCrumbCrust0000000a',
} as const;

export const FAKE_YOUTUBE_CHANNEL = { id: 'UCfakeCrumbCrust0000000a', handle: '@crumbandcrust' } as const;

const PLAYLISTS: Record<string, { title: string; videos: string[] }> = {
  [FAKE_YOUTUBE_PLAYLISTS.sourdough]: { title: 'Sourdough basics', videos: [V.fullTalk, V.privateVideo, V.fullTalkAgain, V.multiLanguageTalk, V.manualAndAuto] },
  [FAKE_YOUTUBE_PLAYLISTS.crumbUploads]: { title: 'Uploads from Crumb & Crust Kitchen', videos: [V.fullTalkAgain, V.fullTalk, V.autoEnglishRolling, V.captionsDisabled] },
};

/** Items per browse page (YouTube sends 100; small here so continuations are exercised). */
const PLAYLIST_PAGE = 2;

/** A playlist item as the WEB client's browse answer has it; a private or deleted video is listed unplayable. */
function playlistVideoRenderer(playlistId: string, videoId: string, index: number): unknown {
  const video = VIDEOS[videoId];
  const playable = Boolean(video && !video.playability);
  return {
    playlistVideoRenderer: {
      videoId,
      thumbnail: { thumbnails: [{ url: `https://i.ytimg.com/vi/${videoId}/hqdefault.jpg`, width: 168, height: 94 }] },
      title: { runs: [{ text: playable ? video!.title : '[Private video]' }] },
      index: { simpleText: String(index + 1) },
      ...(playable
        ? {
            shortBylineText: { runs: [{ text: video!.author, navigationEndpoint: { browseEndpoint: { browseId: video!.channelId } } }] },
            lengthText: { simpleText: `${Math.floor(video!.lengthSeconds / 60)}:${String(video!.lengthSeconds % 60).padStart(2, '0')}` },
            lengthSeconds: String(video!.lengthSeconds),
          }
        : {}),
      navigationEndpoint: { watchEndpoint: { videoId, playlistId, index } },
      isPlayable: playable,
      trackingParams: 'fAkEtRaCkInG=',
    },
  };
}

/** Items `from` on, and a continuation item when more follow (its token names the next offset). */
function playlistItems(playlistId: string, from: number): unknown[] {
  const videos = PLAYLISTS[playlistId]!.videos;
  const items = videos.slice(from, from + PLAYLIST_PAGE).map((videoId, i) => playlistVideoRenderer(playlistId, videoId, from + i));
  if (from + PLAYLIST_PAGE < videos.length) {
    const token = Buffer.from(JSON.stringify({ playlistId, from: from + PLAYLIST_PAGE })).toString('base64url');
    items.push({
      continuationItemRenderer: {
        trigger: 'CONTINUATION_TRIGGER_ON_ITEM_SHOWN',
        continuationEndpoint: {
          clickTrackingParams: 'fAkEcLiCk=',
          commandMetadata: { webCommandMetadata: { sendPost: true, apiUrl: '/youtubei/v1/browse' } },
          continuationCommand: { token, request: 'CONTINUATION_REQUEST_TYPE_BROWSE' },
        },
      },
    });
  }
  return items;
}

/** The first browse page of `VL<playlistId>`: the list under the selected tab, header and metadata beside it. */
function playlistBrowse(playlistId: string): unknown {
  const playlist = PLAYLISTS[playlistId]!;
  return {
    responseContext: { visitorData: 'fAkEvIsItOr', serviceTrackingParams: [] },
    contents: {
      twoColumnBrowseResultsRenderer: {
        tabs: [
          {
            tabRenderer: {
              selected: true,
              content: {
                sectionListRenderer: {
                  contents: [{ itemSectionRenderer: { contents: [{ playlistVideoListRenderer: { contents: playlistItems(playlistId, 0), playlistId, isEditable: false, canReorder: false } }] } }],
                },
              },
            },
          },
        ],
      },
    },
    header: { playlistHeaderRenderer: { playlistId, title: { simpleText: playlist.title }, numVideosText: { runs: [{ text: String(playlist.videos.length) }, { text: ' videos' }] } } },
    metadata: { playlistMetadataRenderer: { title: playlist.title } },
    trackingParams: 'fAkEtRaCkInG=',
  };
}

/** A playlist that does not exist: 200 with an ERROR alert and no contents, as the browse endpoint answers. */
function missingPlaylist(): unknown {
  return {
    responseContext: { visitorData: 'fAkEvIsItOr' },
    alerts: [{ alertRenderer: { type: 'ERROR', text: { runs: [{ text: 'The playlist does not exist.' }] } } }],
    trackingParams: 'fAkEtRaCkInG=',
  };
}

function captionBaseUrl(videoId: string, track: FakeTrack): string {
  const params = new URLSearchParams({
    v: videoId,
    ei: 'fAkEeIvAlUe0123',
    caps: 'asr',
    opi: '112496729',
    xoaf: '5',
    hl: 'en',
    ip: '0.0.0.0',
    ipbits: '0',
    expire: '1893456000',
    sparams: 'ip,ipbits,expire,v,ei,caps,opi,xoaf',
    signature: 'FAKE0SIGNATURE.0123456789ABCDEF',
    key: 'yt8',
    lang: track.lang,
  });
  if (track.auto) params.set('kind', 'asr');
  return `https://${track.host ?? 'www.youtube.com'}/api/timedtext?${params.toString()}`;
}

/** A video format, a ciphered audio format (skipped by clients that cannot decipher) and two plain audio ones. */
function adaptiveFormats(base: string, videoId: string, video: FakeVideo): unknown[] {
  if (!video.audio) return [];
  const playback = (itag: number) => `${base}/videoplayback?id=${videoId}&itag=${itag}&source=youtube&expire=1893456000`;
  return [
    { itag: 137, url: playback(137), mimeType: 'video/mp4; codecs="avc1.640028"', bitrate: 4_000_000, width: 1920, height: 1080 },
    { itag: 249, signatureCipher: `s=FAKECIPHER&sp=sig&url=${encodeURIComponent(playback(249))}`, mimeType: 'audio/webm; codecs="opus"', bitrate: 50_000 },
    { itag: 140, url: playback(140), mimeType: 'audio/mp4; codecs="mp4a.40.2"', bitrate: 130_000, audioQuality: 'AUDIO_QUALITY_MEDIUM' },
    { itag: 599, url: playback(599), mimeType: 'audio/wav', bitrate: 64_000, audioQuality: 'AUDIO_QUALITY_LOW' },
  ];
}

function playerResponse(base: string, videoId: string, video: FakeVideo): unknown {
  if (video.playability) {
    return {
      responseContext: { visitorData: 'CgtGYWtlVmlzaXRvcg%3D%3D' },
      playabilityStatus: {
        status: video.playability.status,
        reason: video.playability.reason,
        errorScreen: {
          playerErrorMessageRenderer: {
            reason: { simpleText: video.playability.reason },
            subreason: { runs: [{ text: video.playability.subreason ?? 'Sign in if you have been granted access to this video' }] },
          },
        },
        contextParams: 'Q0FFU0FnZ0I=',
      },
    };
  }
  const upcoming = video.live === 'upcoming';
  const body: Record<string, unknown> = {
    responseContext: { visitorData: 'CgtGYWtlVmlzaXRvcg%3D%3D' },
    playabilityStatus: upcoming
      ? {
          status: 'LIVE_STREAM_OFFLINE',
          reason: 'This live event will begin in 3 days.',
          playableInEmbed: true,
          liveStreamability: { liveStreamabilityRenderer: { videoId, pollDelayMs: '15000' } },
        }
      : { status: 'OK', playableInEmbed: true, contextParams: 'Q0FFU0FnZ0I=' },
    streamingData: { expiresInSeconds: '21540', formats: [], adaptiveFormats: adaptiveFormats(base, videoId, video) },
    videoDetails: {
      videoId,
      title: video.title,
      lengthSeconds: String(video.lengthSeconds),
      channelId: video.channelId,
      isOwnerViewing: false,
      shortDescription: 'A fake video served by the test double.',
      isCrawlable: true,
      allowRatings: true,
      viewCount: '12345',
      author: video.author,
      isPrivate: false,
      isLiveContent: video.live !== undefined,
      ...(video.live === 'now' ? { isLive: true } : {}),
      ...(upcoming ? { isUpcoming: true } : {}),
    },
  };
  if (video.tracks) {
    body.captions = {
      playerCaptionsTracklistRenderer: {
        captionTracks: video.tracks.map((track) => ({
          baseUrl: captionBaseUrl(videoId, track),
          name: { runs: [{ text: track.name }] },
          vssId: `${track.auto ? 'a' : ''}.${track.lang}`,
          languageCode: track.lang,
          ...(track.auto ? { kind: 'asr' } : {}),
          isTranslatable: true,
          trackName: '',
        })),
        audioTracks: [
          {
            captionTrackIndices: video.tracks.map((_, index) => index),
            ...(video.defaultCaptionTrack === undefined ? {} : { defaultCaptionTrackIndex: video.defaultCaptionTrack, hasDefaultTrack: true }),
          },
        ],
        translationLanguages: [{ languageCode: 'fr', languageName: { runs: [{ text: 'French' }] } }],
        defaultAudioTrackIndex: 0,
      },
    };
  }
  return body;
}

function json3(track: FakeTrack): unknown {
  const events: unknown[] = [{ tStartMs: 0, dDurationMs: 10_000, id: 1, wpWinPosId: 1, wsWinStyleId: 1 }];
  for (const [start, duration, text] of track.cues) {
    const decoded = text.replace(/&amp;/g, '&');
    if (track.auto) {
      events.push({
        tStartMs: start,
        dDurationMs: duration,
        wWinId: 1,
        segs: decoded.split(' ').map((word, index) => (index === 0 ? { utf8: word, acAsrConf: 0 } : { utf8: ` ${word}`, tOffsetMs: index * 240, acAsrConf: 0 })),
      });
      events.push({ tStartMs: start + duration - 10, dDurationMs: 10, wWinId: 1, aAppend: 1, segs: [{ utf8: '\n' }] });
    } else {
      events.push({ tStartMs: start, dDurationMs: duration, segs: [{ utf8: decoded }] });
    }
  }
  return { wireMagic: 'pb3', pens: [{}], wsWinStyles: [{}], wpWinPositions: [{}], events };
}

/** Classic format: seconds, text HTML-escaped inside XML (so `&` arrives as `&amp;amp;`). */
function classicXml(track: FakeTrack): string {
  const lines = track.cues.map(
    ([start, duration, text]) =>
      `<text start="${(start / 1000).toFixed(3)}" dur="${(duration / 1000).toFixed(3)}">${text.replace(/&/g, '&amp;')}</text>`,
  );
  return `<?xml version="1.0" encoding="utf-8" ?><transcript>${lines.join('')}</transcript>`;
}

/** A 3 s sine tone as a WAV file's bytes. */
function toneWav(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'fake-youtube-'));
  try {
    const wav = join(dir, 'audio.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', '-ac', '1', '-ar', '16000', wav]);
    return readFileSync(wav);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A local stand-in for www.youtube.com: `POST /youtubei/v1/player`, `POST /youtubei/v1/browse`
 * (playlists, continuations), `POST /youtubei/v1/navigation/resolve_url` (a channel handle), `GET /api/timedtext` and
 * `GET /videoplayback` (the audio stream of videos with `audio`, a 3 s WAV made with ffmpeg).
 */
export class FakeYouTube extends HttpFake {
  private wav: Buffer = Buffer.alloc(0);

  constructor() {
    super();
    this.route('POST', '/youtubei/v1/player', (request, reply) => {
      const videoId = (request.body as { videoId?: string } | undefined)?.videoId ?? '';
      if (videoId === V.poTokenPlayer) return reply.send(200, '', 'application/json; charset=UTF-8');
      if (videoId === V.sorryRedirect) {
        return reply.status(302, { location: `https://www.google.com/sorry/index?continue=${encodeURIComponent(`https://www.youtube.com/watch?v=${videoId}`)}` });
      }
      if (videoId === V.rateLimited) {
        return reply.send(429, '<html><body><h1>Too Many Requests</h1><p>We have detected unusual traffic.</p></body></html>', 'text/html; charset=utf-8');
      }
      const video = VIDEOS[videoId];
      if (!video) return reply.json(200, { playabilityStatus: { status: 'ERROR', reason: 'This video is unavailable' } });
      reply.json(200, playerResponse(this.origin, videoId, video));
    });
    this.route('POST', '/youtubei/v1/browse', (request, reply) => {
      const body = (request.body ?? {}) as { browseId?: string; continuation?: string };
      if (body.continuation) {
        let position: { playlistId?: string; from?: number } = {};
        try {
          position = JSON.parse(Buffer.from(body.continuation, 'base64url').toString('utf8')) as typeof position;
        } catch {
          // An unreadable token is a bad request, as YouTube answers it.
        }
        if (!position.playlistId || !PLAYLISTS[position.playlistId] || typeof position.from !== 'number') {
          return reply.json(400, { error: { code: 400, message: 'Request contains an invalid argument.', errors: [{ message: 'Request contains an invalid argument.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
        }
        return reply.json(200, {
          responseContext: { visitorData: 'fAkEvIsItOr' },
          onResponseReceivedActions: [{ clickTrackingParams: 'fAkEcLiCk=', appendContinuationItemsAction: { continuationItems: playlistItems(position.playlistId, position.from), targetId: 'pl-video-list' } }],
          trackingParams: 'fAkEtRaCkInG=',
        });
      }
      const playlistId = body.browseId?.startsWith('VL') ? body.browseId.slice(2) : '';
      reply.json(200, PLAYLISTS[playlistId] ? playlistBrowse(playlistId) : missingPlaylist());
    });
    this.route('POST', '/youtubei/v1/navigation/resolve_url', (request, reply) => {
      const url = (request.body as { url?: string } | undefined)?.url ?? '';
      if (url.replace(/\/+$/, '').endsWith(`/${FAKE_YOUTUBE_CHANNEL.handle}`)) {
        return reply.json(200, {
          responseContext: { visitorData: 'fAkEvIsItOr' },
          endpoint: {
            clickTrackingParams: 'fAkEcLiCk=',
            commandMetadata: { webCommandMetadata: { url: `/${FAKE_YOUTUBE_CHANNEL.handle}`, webPageType: 'WEB_PAGE_TYPE_CHANNEL', rootVe: 3611, apiUrl: '/youtubei/v1/browse' } },
            browseEndpoint: { browseId: FAKE_YOUTUBE_CHANNEL.id, canonicalBaseUrl: `/${FAKE_YOUTUBE_CHANNEL.handle}` },
          },
        });
      }
      reply.json(404, { error: { code: 404, message: 'Requested entity was not found.', errors: [{ message: 'Requested entity was not found.', domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' } });
    });
    this.route('GET', '/api/timedtext', (request, reply) => {
      const video = VIDEOS[request.query.v ?? ''];
      const auto = request.query.kind === 'asr';
      const track = video?.tracks?.find((t) => t.lang === request.query.lang && t.auto === auto);
      if (!track || !request.query.signature || track.emptyBody) return reply.send(200, '', 'text/html; charset=UTF-8');
      if (request.query.fmt === 'json3' && !track.xmlOnly) return reply.json(200, json3(track));
      reply.send(200, classicXml(track), 'text/xml; charset=UTF-8');
    });
    this.route('GET', '/videoplayback', (request, reply) => {
      if (!VIDEOS[request.query.id ?? '']?.audio) return reply.send(403, 'Forbidden', 'text/plain');
      reply.send(200, this.wav, 'audio/wav');
    });
  }

  override async start(): Promise<this> {
    this.wav = toneWav();
    return super.start();
  }

  protected override notFound(_request: FakeRequest, reply: FakeReply): void {
    reply.send(404, '<html><body>404 Not Found</body></html>', 'text/html; charset=utf-8');
  }

  protected override crashed(_request: FakeRequest, reply: FakeReply, error: unknown): void {
    reply.send(500, String(error), 'text/plain');
  }
}

export type FakeYouTubeRequest = FakeRequest;

export function startFakeYouTube(): Promise<FakeYouTube> {
  return new FakeYouTube().start();
}
