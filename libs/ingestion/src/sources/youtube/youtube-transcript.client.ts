import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import type { Dispatcher, Response } from 'undici';
import { lazyPackage } from '@app/shared';
import { DEFAULT_UPLOAD_MAX_BYTES, DEFAULT_YOUTUBE_BASE_URL } from '../../ingestion.config.js';
import { pickCaptionTrack, type CaptionTrack, type CaptionTrackList, type CaptionTrackReason } from './caption-track.picker.js';
import { classifyPlayability, loginRequired, type PlayabilityFacts } from './playability.classifier.js';
import { parseTimedText, removeRollingRepeats, type TranscriptSegment } from './timedtext.parser.js';
import { YouTubeError } from './youtube.error.js';
import { parseYouTubeVideoId } from './youtube-url.js';

/** Loaded with the first YouTube request (the worker's), not when the API starts. */
const undici = lazyPackage<typeof import('undici')>('undici');

export interface YouTubeTranscriptClientOptions {
  /** Where InnerTube and timedtext are reached. Default `https://www.youtube.com`. */
  baseUrl?: string;
  /** HTTP(S) proxy for all YouTube traffic, e.g. `http://user:pass@proxy:3128`. */
  proxyUrl?: string;
  /** InnerTube API key, sent as `?key=` when set. */
  apiKey?: string;
  /** InnerTube client identity. Default ANDROID, whose caption URLs need no proof-of-origin token. */
  clientName?: 'ANDROID' | 'WEB';
  clientVersion?: string;
  timeoutMs?: number;
  /** Largest caption document accepted. Default 5 MiB. */
  maxCaptionBytes?: number;
  /** Largest audio stream `downloadAudio` accepts when the call names no limit. Default 500 MiB. */
  maxAudioBytes?: number;
  /** Time allowed for a whole audio download. Default 10 minutes. */
  audioTimeoutMs?: number;
}

export interface DownloadAudioOptions {
  /** Largest audio stream accepted; the download stops and fails past it. */
  maxBytes?: number;
}

export interface DownloadedAudio {
  path: string;
  mime: string;
  bytes: number;
}

export interface FetchTranscriptOptions {
  /** Preferred languages, best first (`['en', 'de']`). */
  languages?: readonly string[];
  /** Fail with `no_track_in_langs` instead of falling back to another language. Default false. */
  strictLanguages?: boolean;
}

/** Which caption track a transcript was read from, and why that one. */
export interface CaptionTrackChoice {
  lang: string;
  /** `manual` (the uploader's) or `asr` (YouTube's speech recognition). */
  kind: 'manual' | 'asr';
  name: string;
  reason: CaptionTrackReason;
}

export interface YouTubeTranscript {
  video_id: string;
  title: string;
  channel: string;
  duration_s: number;
  lang: string;
  source: 'manual' | 'auto';
  caption_track: CaptionTrackChoice;
  text: string;
  segments: TranscriptSegment[];
}

interface PlayerResponse extends PlayabilityFacts {
  streamingData?: {
    adaptiveFormats?: { itag?: number; url?: string; signatureCipher?: string; cipher?: string; mimeType?: string; bitrate?: number }[];
  };
  videoDetails?: PlayabilityFacts['videoDetails'] & { videoId?: string; title?: string; author?: string; lengthSeconds?: string };
  captions?: {
    playerCaptionsTracklistRenderer?: {
      captionTracks?: {
        baseUrl?: string;
        languageCode?: string;
        kind?: string;
        name?: { simpleText?: string; runs?: { text?: string }[] };
      }[];
      /** Per audio track (dubbed videos have several): its caption tracks and its default one, as indexes into captionTracks. */
      audioTracks?: { captionTrackIndices?: number[]; defaultCaptionTrackIndex?: number; hasDefaultTrack?: boolean }[];
      defaultAudioTrackIndex?: number;
    };
  };
}

const CLIENT_VERSIONS = { ANDROID: '20.10.38', WEB: '2.20250312.04.00' } as const;
const YOUTUBE_HOST = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$/i;
/** Hosts an audio stream URL may name: YouTube's media servers (besides the configured base). */
const MEDIA_HOST = /(^|\.)(googlevideo\.com|youtube\.com)$/i;
/** Pages YouTube serves instead of an answer to an address it blocks (the `/sorry/` captcha, the consent wall). */
const BLOCK_PAGE = /unusual traffic|captcha|\/sorry\/|consent\./i;
const BLOCKED_HINT = 'the job tries again with backoff; if it keeps failing, set YOUTUBE_PROXY_URL to route YouTube traffic through an outgoing proxy';

/**
 * Fetches a video's captions over YouTube's InnerTube protocol: the player endpoint names the
 * tracks, the timedtext endpoint serves the chosen one. Only YouTube hosts (mapped onto the
 * configured base) are ever requested.
 */
export class YouTubeTranscriptClient {
  private readonly logger = new Logger(YouTubeTranscriptClient.name);
  private readonly base: URL;
  private readonly dispatcher?: Dispatcher;
  private readonly clientName: 'ANDROID' | 'WEB';
  private readonly clientVersion: string;
  private readonly timeoutMs: number;
  private readonly maxCaptionBytes: number;
  private readonly maxAudioBytes: number;
  private readonly audioTimeoutMs: number;

  constructor(private readonly options: YouTubeTranscriptClientOptions = {}) {
    this.base = new URL(options.baseUrl ?? DEFAULT_YOUTUBE_BASE_URL);
    this.dispatcher = options.proxyUrl ? new (undici().ProxyAgent)(options.proxyUrl) : undefined;
    this.clientName = options.clientName ?? 'ANDROID';
    this.clientVersion = options.clientVersion ?? CLIENT_VERSIONS[this.clientName];
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxCaptionBytes = options.maxCaptionBytes ?? 5 * 1024 * 1024;
    this.maxAudioBytes = options.maxAudioBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
    this.audioTimeoutMs = options.audioTimeoutMs ?? 10 * 60 * 1000;
  }

  /**
   * Streams a video's smallest audio-only format to `destPath` (for transcription when it has no
   * captions). Formats needing signature deciphering are skipped; a URL outside YouTube's media
   * hosts (or the configured base) is refused.
   */
  async downloadAudio(videoId: string, destPath: string, options: DownloadAudioOptions = {}): Promise<DownloadedAudio> {
    const started = Date.now();
    const player = await this.fetchPlayer(videoId);
    const format = (player.streamingData?.adaptiveFormats ?? [])
      .filter((f) => typeof f.url === 'string' && !f.signatureCipher && !f.cipher && (f.mimeType ?? '').toLowerCase().startsWith('audio/'))
      .sort((a, b) => (a.bitrate ?? Number.MAX_SAFE_INTEGER) - (b.bitrate ?? Number.MAX_SAFE_INTEGER))[0];
    if (!format) {
      throw new YouTubeError('audio_unavailable', `YouTube video ${videoId} has no audio stream that can be downloaded`, { video_id: videoId });
    }
    const url = this.audioUrl(format.url as string);
    const maxBytes = options.maxBytes ?? this.maxAudioBytes;
    const response = await this.request(url, { method: 'GET' }, this.audioTimeoutMs);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw new YouTubeError('upstream_error', 'YouTube audio stream is larger than allowed');
    }
    if (!response.body) throw new YouTubeError('upstream_error', 'YouTube answered the audio request without a body');
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) callback(new YouTubeError('upstream_error', 'YouTube audio stream is larger than allowed'));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(response.body as AsyncIterable<Uint8Array>, limit, createWriteStream(destPath));
    } catch (error) {
      if (error instanceof YouTubeError) throw error;
      this.logger.warn({ msg: 'youtube audio download failed', video_id: videoId, error: (error as Error).message });
      throw new YouTubeError('upstream_error', `The audio of YouTube video ${videoId} could not be downloaded`);
    }
    const mime = (format.mimeType ?? 'audio/mp4').split(';')[0]!.trim();
    this.logger.log({ msg: 'youtube audio downloaded', video_id: videoId, itag: format.itag, mime, bytes, duration_ms: Date.now() - started });
    return { path: destPath, mime, bytes };
  }

  async fetchTranscript(urlOrId: string, options: FetchTranscriptOptions = {}): Promise<YouTubeTranscript> {
    const started = Date.now();
    const videoId = parseYouTubeVideoId(urlOrId);
    if (!videoId) throw new YouTubeError('invalid_url', 'url is not a YouTube video link or id');

    const player = await this.fetchPlayer(videoId);
    const details = player.videoDetails ?? {};
    const list = this.captionTracks(player);
    const { tracks } = list;
    if (tracks.length === 0) {
      const seconds = Number(details.lengthSeconds);
      throw new YouTubeError(
        'captions_disabled',
        `captions are disabled for YouTube video ${videoId} (its uploader turned them off), so it has no transcript to read; upload the video file to have it transcribed, or a captions file`,
        { video_id: videoId, title: details.title ?? '', channel: details.author ?? '', duration_s: Number.isFinite(seconds) ? seconds : 0 },
      );
    }

    const languages = options.languages ?? [];
    const picked = pickCaptionTrack(list, languages, { fallbackToAnyLanguage: !options.strictLanguages });
    if (!picked) {
      const available = [...new Set(tracks.map((t) => (t.auto ? `${t.languageCode} (auto)` : t.languageCode)))];
      throw new YouTubeError(
        'no_track_in_langs',
        `YouTube video ${videoId} has no captions in ${languages.join(', ')}; available: ${available.join(', ')}`,
        { video_id: videoId, requested_languages: [...languages], available_languages: available },
      );
    }

    const { track, reason } = picked;
    const parsed = await this.fetchTrack(videoId, track);
    const segments = track.auto ? removeRollingRepeats(parsed) : parsed;
    const text = segments.map((segment) => segment.text).join(' ');
    const lengthSeconds = Number(details.lengthSeconds);
    const transcript: YouTubeTranscript = {
      video_id: videoId,
      title: details.title ?? '',
      channel: details.author ?? '',
      duration_s: Number.isFinite(lengthSeconds) ? lengthSeconds : 0,
      lang: track.languageCode,
      source: track.auto ? 'auto' : 'manual',
      caption_track: { lang: track.languageCode, kind: track.auto ? 'asr' : 'manual', name: track.name, reason },
      text,
      segments,
    };
    this.logger.log({
      msg: 'youtube captions fetched',
      video_id: videoId,
      lang: transcript.lang,
      caption_source: transcript.source,
      track_reason: reason,
      segments: segments.length,
      chars: text.length,
      duration_ms: Date.now() - started,
    });
    return transcript;
  }

  /**
   * The videos of a playlist (`kind: playlist`, its list id) or a channel (`kind: channel`, its
   * `UC…` id or `@handle`: its uploads playlist, newest first), in order, up to `limit`, over
   * InnerTube's browse endpoint (a page of up to 100, then continuation tokens). Videos marked
   * unplayable (private, deleted) are left out. An unknown or private list is `playlist_unavailable`.
   */
  async listVideos(list: { kind: 'playlist' | 'channel'; id: string }, limit: number): Promise<string[]> {
    const playlistId = list.kind === 'playlist' ? list.id : `UU${(await this.channelId(list.id)).slice(2)}`;
    const ids: string[] = [];
    let page = await this.innertube('/youtubei/v1/browse', { browseId: `VL${playlistId}` }, `YouTube playlist ${playlistId}`);
    for (let pages = 0; pages < 100; pages += 1) {
      const { videoIds, continuation, alert } = playlistPage(page);
      // A list that does not exist is a 200 with an ERROR alert and no contents.
      if (pages === 0 && videoIds.length === 0 && alert) throw new YouTubeError('playlist_unavailable', `YouTube playlist ${playlistId} does not exist or is private`);
      for (const id of videoIds) if (ids.length < limit && !ids.includes(id)) ids.push(id);
      if (ids.length >= limit || !continuation) break;
      page = await this.innertube('/youtubei/v1/browse', { continuation }, `YouTube playlist ${playlistId}`);
    }
    this.logger.log({ msg: 'youtube list read', kind: list.kind, videos: ids.length });
    return ids;
  }

  /** A channel's `UC…` id, given as is or as an `@handle` (resolved through InnerTube's resolve_url). */
  private async channelId(idOrHandle: string): Promise<string> {
    if (!idOrHandle.startsWith('@')) return idOrHandle;
    const answer = (await this.innertube('/youtubei/v1/navigation/resolve_url', { url: `https://www.youtube.com/${idOrHandle}` }, `YouTube channel ${idOrHandle}`)) as {
      endpoint?: { browseEndpoint?: { browseId?: string } };
    };
    const browseId = answer.endpoint?.browseEndpoint?.browseId;
    if (!browseId || !/^UC[A-Za-z0-9_-]{22}$/.test(browseId)) throw new YouTubeError('playlist_unavailable', `YouTube channel ${idOrHandle} was not found`);
    return browseId;
  }

  /** One InnerTube call as the WEB client (browse pages are WEB-shaped); 400/404 say the list does not exist. */
  private async innertube(path: string, body: Record<string, unknown>, what: string): Promise<unknown> {
    const url = this.onBase(path);
    url.searchParams.set('prettyPrint', 'false');
    if (this.options.apiKey) url.searchParams.set('key', this.options.apiKey);
    let response: Response;
    try {
      response = await this.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-youtube-client-name': '1', 'x-youtube-client-version': CLIENT_VERSIONS.WEB },
        body: JSON.stringify({ context: { client: { clientName: 'WEB', clientVersion: CLIENT_VERSIONS.WEB, hl: 'en', gl: 'US' } }, ...body }),
      });
    } catch (error) {
      if (error instanceof YouTubeError && /answered (400|404)$/.test(error.message)) throw new YouTubeError('playlist_unavailable', `${what} does not exist or is private`);
      throw error;
    }
    const text = await this.readBody(response, 4 * 1024 * 1024);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (BLOCK_PAGE.test(text)) throw this.blocked('YouTube answered with a bot-check or consent page instead of the list');
      throw new YouTubeError('upstream_error', 'YouTube browse answered with something other than JSON');
    }
  }

  private async fetchPlayer(videoId: string): Promise<PlayerResponse> {
    const url = this.onBase('/youtubei/v1/player');
    url.searchParams.set('prettyPrint', 'false');
    if (this.options.apiKey) url.searchParams.set('key', this.options.apiKey);
    const response = await this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-youtube-client-name': this.clientName === 'ANDROID' ? '3' : '1', 'x-youtube-client-version': this.clientVersion },
      body: JSON.stringify({
        context: { client: { clientName: this.clientName, clientVersion: this.clientVersion, hl: 'en', gl: 'US' } },
        videoId,
        contentCheckOk: true,
        racyCheckOk: true,
      }),
    });
    const body = await this.readBody(response, 2 * 1024 * 1024);
    if (body.trim() === '') {
      // What YouTube does when this client must present a proof-of-origin token it does not have.
      throw loginRequired(videoId, `YouTube answered the request for video ${videoId} with an empty body, as it does when it wants a proof-of-origin token`);
    }
    let player: PlayerResponse;
    try {
      player = JSON.parse(body) as PlayerResponse;
    } catch {
      if (BLOCK_PAGE.test(body)) throw this.blocked('YouTube answered with a bot-check or consent page instead of the video');
      throw new YouTubeError('upstream_error', 'YouTube player answered with something other than JSON');
    }
    const refusal = classifyPlayability(videoId, player);
    if (refusal) throw refusal;
    return player;
  }

  /** The tracks with a URL and a language; the default audio track's indexes are mapped onto them. */
  private captionTracks(player: PlayerResponse): CaptionTrackList {
    const renderer = player.captions?.playerCaptionsTracklistRenderer;
    const positions = new Map<number, number>();
    const tracks: CaptionTrack[] = [];
    for (const [index, track] of (renderer?.captionTracks ?? []).entries()) {
      if (typeof track.baseUrl !== 'string' || typeof track.languageCode !== 'string') continue;
      positions.set(index, tracks.length);
      tracks.push({
        baseUrl: track.baseUrl,
        languageCode: track.languageCode,
        auto: track.kind === 'asr',
        name: track.name?.simpleText ?? track.name?.runs?.map((run) => run.text ?? '').join('') ?? '',
      });
    }
    const audio = renderer?.audioTracks?.[renderer.defaultAudioTrackIndex ?? 0];
    const defaultIndex = typeof audio?.defaultCaptionTrackIndex === 'number' ? positions.get(audio.defaultCaptionTrackIndex) : undefined;
    const audioTrackIndices = audio?.captionTrackIndices?.flatMap((index) => {
      const position = positions.get(index);
      return position === undefined ? [] : [position];
    });
    return { tracks, ...(audioTrackIndices ? { audioTrackIndices } : {}), ...(defaultIndex === undefined ? {} : { defaultIndex }) };
  }

  private async fetchTrack(videoId: string, track: CaptionTrack): Promise<TranscriptSegment[]> {
    const url = this.captionUrl(track.baseUrl);
    url.searchParams.set('fmt', 'json3');
    const response = await this.request(url, { method: 'GET' });
    const body = await this.readBody(response, this.maxCaptionBytes);
    if (body.trim().length === 0) {
      // YouTube answers 200 with an empty body when it wants a proof-of-origin token from this client.
      throw loginRequired(videoId, `YouTube returned an empty caption document for video ${videoId}, as it does when it wants a proof-of-origin token`);
    }
    try {
      return parseTimedText(body);
    } catch {
      throw new YouTubeError('upstream_error', `YouTube returned an unreadable caption document for video ${videoId}`);
    }
  }

  /** Caption URLs come from YouTube's answer: only YouTube hosts (moved onto our base) or our base itself are followed. */
  private captionUrl(baseUrl: string): URL {
    let url: URL;
    try {
      url = new URL(baseUrl, this.base);
    } catch {
      throw new YouTubeError('upstream_error', 'YouTube returned a malformed caption URL');
    }
    if (url.origin === this.base.origin) return url;
    if ((url.protocol === 'https:' || url.protocol === 'http:') && YOUTUBE_HOST.test(url.hostname)) {
      const moved = this.onBase(url.pathname);
      moved.search = url.search;
      return moved;
    }
    throw new YouTubeError('upstream_error', 'YouTube returned a caption URL outside YouTube; it was not fetched');
  }

  /** Audio URLs come from YouTube's answer: only YouTube media hosts or our base itself are fetched. */
  private audioUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new YouTubeError('upstream_error', 'YouTube returned a malformed audio URL');
    }
    const web = url.protocol === 'https:' || url.protocol === 'http:';
    if (web && (url.host === this.base.host || MEDIA_HOST.test(url.hostname))) return url;
    throw new YouTubeError('upstream_error', 'YouTube returned an audio URL outside YouTube; it was not fetched');
  }

  private onBase(path: string): URL {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return new URL(`${prefix}${path}`, this.base.origin);
  }

  private async request(
    url: URL,
    init: { method: string; headers?: Record<string, string>; body?: string },
    timeoutMs = this.timeoutMs,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await undici().fetch(url, {
        ...init,
        headers: { 'accept-language': 'en-US,en;q=0.9', ...init.headers },
        redirect: 'manual',
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.logger.warn({ msg: 'youtube request failed', path: url.pathname, error: (error as Error).message });
      throw new YouTubeError('upstream_error', 'YouTube could not be reached');
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location') ?? '';
      if (/consent\.|\/sorry\//i.test(location)) throw this.blocked('YouTube redirected to a consent or bot-check page');
      throw new YouTubeError('upstream_error', `YouTube redirected unexpectedly (${response.status})`);
    }
    if (response.status === 429) {
      await response.body?.cancel();
      throw this.blocked('YouTube is rate-limiting requests from this address (429)');
    }
    if (response.status === 403) {
      await response.body?.cancel();
      throw this.blocked('YouTube refused the request (403)');
    }
    if (response.status >= 400) {
      await response.body?.cancel();
      throw new YouTubeError('upstream_error', `YouTube answered ${response.status}`);
    }
    return response;
  }

  private async readBody(response: Response, maxBytes: number): Promise<string> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw new YouTubeError('upstream_error', 'YouTube answer is larger than allowed');
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new YouTubeError('upstream_error', 'YouTube answer is larger than allowed');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private blocked(what: string): YouTubeError {
    return new YouTubeError('blocked', `${what}; ${BLOCKED_HINT}`);
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }
}

/**
 * The video ids and the continuation token of one browse answer, wherever the page nests them (the
 * first page under twoColumnBrowseResultsRenderer, later ones under onResponseReceivedActions):
 * `playlistVideoRenderer` items (playable ones) and a `continuationItemRenderer`'s token.
 */
function playlistPage(page: unknown): { videoIds: string[]; continuation: string | null; alert: boolean } {
  const videoIds: string[] = [];
  let continuation: string | null = null;
  const alerts = (page as { alerts?: { alertRenderer?: { type?: unknown } }[] } | null)?.alerts;
  const alert = Array.isArray(alerts) && alerts.some((entry) => entry?.alertRenderer?.type === 'ERROR');
  const visit = (node: unknown, depth: number): void => {
    if (depth > 40 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const video = record.playlistVideoRenderer as { videoId?: unknown; isPlayable?: unknown } | undefined;
    if (video && typeof video.videoId === 'string' && video.isPlayable !== false && /^[A-Za-z0-9_-]{11}$/.test(video.videoId)) videoIds.push(video.videoId);
    const token = (record.continuationItemRenderer as { continuationEndpoint?: { continuationCommand?: { token?: unknown } } } | undefined)?.continuationEndpoint?.continuationCommand?.token;
    if (typeof token === 'string') continuation = token;
    for (const [key, value] of Object.entries(record)) if (key !== 'playlistVideoRenderer') visit(value, depth + 1);
  };
  visit(page, 0);
  return { videoIds, continuation, alert };
}
