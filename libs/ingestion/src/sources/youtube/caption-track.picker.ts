export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  /** True for YouTube's automatic speech recognition track (`kind: 'asr'`). */
  auto: boolean;
  name: string;
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
 * Chooses the caption track to fetch: each requested language in order, a manual track before
 * an automatic one; then any manual track, then any automatic one (unless the fallback is off).
 */
export function pickCaptionTrack(
  tracks: readonly CaptionTrack[],
  languages: readonly string[],
  options: PickOptions = {},
): CaptionTrack | null {
  const manual = tracks.filter((track) => !track.auto);
  const auto = tracks.filter((track) => track.auto);
  for (const language of languages) {
    const found = findInLanguage(manual, language) ?? findInLanguage(auto, language);
    if (found) return found;
  }
  if (options.fallbackToAnyLanguage === false && languages.length > 0) return null;
  return manual[0] ?? auto[0] ?? null;
}
