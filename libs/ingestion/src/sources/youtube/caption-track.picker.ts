export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  /** True for YouTube's automatic speech recognition track (`kind: 'asr'`). */
  auto: boolean;
  name: string;
}

/** A video's caption tracks as its player response lists them, with what it says about the default. */
export interface CaptionTrackList {
  tracks: readonly CaptionTrack[];
  /**
   * The tracks of the default audio track (`audioTracks[defaultAudioTrackIndex].captionTrackIndices`),
   * as indexes into `tracks`; absent when the response does not say.
   */
  audioTrackIndices?: readonly number[];
  /** The default audio track's default caption track (`defaultCaptionTrackIndex`), an index into `tracks`. */
  defaultIndex?: number;
}

/**
 * Why a track was chosen: the video's own default (nothing was requested), a requested language,
 * or neither (nothing requested matched, or the video names no default).
 */
export type CaptionTrackReason = 'default_track' | 'requested_language' | 'fallback';

export interface PickedCaptionTrack {
  track: CaptionTrack;
  reason: CaptionTrackReason;
}

export interface PickOptions {
  /** When false, a track outside the requested languages is never chosen. Default true. */
  fallbackToAnyLanguage?: boolean;
}

function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Exact code first (`en-GB` for `en-GB`), then same base language (`en-GB` for `en`). */
function findInLanguage(tracks: readonly CaptionTrack[], requested: string): CaptionTrack | undefined {
  const wanted = requested.toLowerCase();
  return (
    tracks.find((track) => track.languageCode.toLowerCase() === wanted) ??
    tracks.find((track) => baseLanguage(track.languageCode) === baseLanguage(wanted))
  );
}

/**
 * The track a viewer gets without choosing: the default audio track's default caption track, or
 * (when the video names none) its speech-recognition track, whose language is the one spoken. The
 * uploader's own track in that language is taken over the automatic one.
 */
function defaultTrack(list: CaptionTrackList): CaptionTrack | undefined {
  const { tracks } = list;
  const ofAudio = list.audioTrackIndices?.map((index) => tracks[index]).filter((track): track is CaptionTrack => track !== undefined);
  const candidates = ofAudio && ofAudio.length > 0 ? ofAudio : tracks;
  const named = list.defaultIndex === undefined ? undefined : tracks[list.defaultIndex];
  const spoken = named ?? candidates.find((track) => track.auto);
  if (!spoken) return undefined;
  if (!spoken.auto) return spoken;
  return findInLanguage(candidates.filter((track) => !track.auto), spoken.languageCode) ?? spoken;
}

/**
 * Chooses the caption track to fetch. Requested languages in order, a manual track before an
 * automatic one; with none requested, the video's default track. When nothing requested exists
 * (and the fallback is on): the default track, else the first manual track, else the first
 * automatic one.
 */
export function pickCaptionTrack(list: CaptionTrackList, languages: readonly string[], options: PickOptions = {}): PickedCaptionTrack | null {
  const manual = list.tracks.filter((track) => !track.auto);
  const auto = list.tracks.filter((track) => track.auto);
  for (const language of languages) {
    const found = findInLanguage(manual, language) ?? findInLanguage(auto, language);
    if (found) return { track: found, reason: 'requested_language' };
  }
  if (options.fallbackToAnyLanguage === false && languages.length > 0) return null;
  const fallback = defaultTrack(list);
  if (fallback) return { track: fallback, reason: languages.length === 0 ? 'default_track' : 'fallback' };
  const first = manual[0] ?? auto[0];
  return first ? { track: first, reason: 'fallback' } : null;
}
