import { DomainError } from '@app/shared';

/**
 * Fewest words extraction must yield before a source becomes a document: below it the pipeline has
 * nothing to write from. One value for every source (uploads, Drive files, YouTube captions and
 * transcribed audio). It judges extraction only; whether a document is long enough for the post
 * asked of it is the pipeline's own rule.
 */
export const MIN_SOURCE_WORDS = 20;

// Word boundaries by the Unicode rules (and ICU dictionaries for Chinese, Japanese, Thai …), so a
// CJK transcript without spaces counts its words too.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The words in `text`, counting no further than `stopAt` (a long text is not walked to its end). */
export function countWords(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let words = 0;
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike && ++words >= stopAt) break;
  }
  return words;
}

/** Fails with `too_little_text` naming what was found when `text` has fewer than MIN_SOURCE_WORDS words. */
export function requireEnoughWords(text: string, what: string): void {
  const found = countWords(text, MIN_SOURCE_WORDS);
  if (found >= MIN_SOURCE_WORDS) return;
  const counted = found === 0 ? 'no words' : found === 1 ? '1 word' : `${found} words`;
  throw new DomainError(
    'too_little_text',
    `${what}: found ${counted}; at least ${MIN_SOURCE_WORDS} are needed to write from it. Use a longer source, or paste the text yourself.`,
    { details: { words_found: found, words_needed: MIN_SOURCE_WORDS } },
  );
}
