import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { tokenize } from '../extractive/word.tokenizer.js';

/** Chapters of a post may share at most this share of their word 4-grams. */
export const MAX_CHAPTER_OVERLAP = 0.05;
/** A conclusion sharing more than this with one chapter copies it instead of summing up. */
export const MAX_CONCLUSION_OVERLAP = 0.25;

const N = 4;

/**
 * The distinct word 4-grams of a text that carry meaning: lowercased words, punctuation ignored,
 * and a 4-gram of function words only ("at the end of") left out, since any two texts share those.
 */
export function fourGrams(text: string, profile: LanguageProfile = ENGLISH): Set<string> {
  const words = tokenize(text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'));
  const stopword = words.map((word) => profile.stopwords.has(word));
  const grams = new Set<string>();
  for (let i = 0; i + N <= words.length; i += 1) {
    if (stopword[i] && stopword[i + 1] && stopword[i + 2] && stopword[i + 3]) continue;
    grams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]} ${words[i + 3]}`);
  }
  return grams;
}

/** Shared 4-grams over the 4-grams of the smaller text: 1 when one text is contained in the other, 0 when they share none. */
export function overlapOf(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared += 1;
  return shared / small.size;
}

export interface OverlapPair {
  a: number;
  b: number;
  overlap: number;
}

/** Every pair of texts with its overlap, largest first. */
export function pairwiseOverlaps(texts: readonly string[], profile: LanguageProfile = ENGLISH): OverlapPair[] {
  return pairwiseGramOverlaps(texts.map((text) => fourGrams(text, profile)));
}

/** Every pair of texts (given as their 4-grams) with its overlap, largest first. */
export function pairwiseGramOverlaps(grams: readonly ReadonlySet<string>[]): OverlapPair[] {
  const pairs: OverlapPair[] = [];
  for (let a = 0; a < grams.length; a += 1) {
    for (let b = a + 1; b < grams.length; b += 1) pairs.push({ a, b, overlap: overlapOf(grams[a]!, grams[b]!) });
  }
  return pairs.sort((x, y) => y.overlap - x.overlap || x.a - y.a || x.b - y.b);
}

/** The largest overlap between two of the texts (0 for fewer than two). */
export function maxPairwiseOverlap(texts: readonly string[], profile: LanguageProfile = ENGLISH): number {
  return pairwiseOverlaps(texts, profile)[0]?.overlap ?? 0;
}

/** maxPairwiseOverlap of texts given as their 4-grams. */
export function maxPairwiseGramOverlap(grams: readonly ReadonlySet<string>[]): number {
  return pairwiseGramOverlaps(grams)[0]?.overlap ?? 0;
}
