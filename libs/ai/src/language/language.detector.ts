import { lazyPackage } from '@app/shared';

/** tinyld's profiles weigh ~50 MiB: loaded when a text is first judged, not with the module. */
const tinyld = lazyPackage<typeof import('tinyld')>('tinyld');

/** ISO 639 code for a language that could not be told (too little text, or a mix). */
export const UNDETERMINED_LANGUAGE = 'und';

/** Characters read from each of the source's beginning, middle and end: enough to tell, cheap on a long text. */
const SAMPLE_CHARS = 1_500;

/**
 * The language of a text as an ISO 639-1 code (`en`, `es`, `de` …), or `und`. A long text is
 * judged on three samples (its beginning, middle and end) rather than all of it.
 */
export function detectLanguage(text: string): string {
  const compact = text.replace(/\s+/g, ' ').trim();
  if (compact.length === 0) return UNDETERMINED_LANGUAGE;
  const sample =
    compact.length <= SAMPLE_CHARS * 3
      ? compact
      : [0, Math.floor(compact.length / 2) - SAMPLE_CHARS / 2, compact.length - SAMPLE_CHARS].map((at) => compact.slice(at, at + SAMPLE_CHARS)).join(' ');
  const code = tinyld().detect(sample);
  return /^[a-z]{2,3}$/.test(code) ? code : UNDETERMINED_LANGUAGE;
}
