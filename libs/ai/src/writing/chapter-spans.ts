import { cosine, TfIdfIndex } from '../extractive/tf-idf.index.js';
import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';

/** What a chapter is about, as far as choosing its sentences goes. */
export interface SpanChapter {
  title: string;
  summary?: string;
  key_points?: readonly string[];
}

/** A chapter's sentences: indexes into the pool, `from` inclusive, `to` exclusive. */
export interface ChapterSpan {
  from: number;
  to: number;
}

/** How much the expected place of a chapter (its share of the source, in order) counts against what its words match. */
const POSITION_WEIGHT = 0.35;

/**
 * Gives each chapter its own contiguous run of the source's sentences, in order and without
 * overlap, so no sentence can be written into two chapters: the cut points maximize how well each
 * sentence matches its chapter's title, summary and key points (TF-IDF cosine), plus a pull
 * toward the chapter's expected share of the source, by dynamic programming (linear in sentences
 * × chapters). Every chapter gets at least one sentence when there are enough.
 */
export function assignChapterSpans(
  chapters: readonly SpanChapter[],
  sentences: readonly string[],
  profile: LanguageProfile = ENGLISH,
  /** The sentences' content terms, when the caller keeps them. */
  termsOf?: (sentence: string) => readonly string[],
): ChapterSpan[] {
  const k = chapters.length;
  const n = sentences.length;
  if (k === 0) return [];
  if (n === 0) return chapters.map(() => ({ from: 0, to: 0 }));
  if (n <= k) return chapters.map((_, c) => (c < n ? { from: c, to: c + 1 } : { from: n, to: n }));

  const index = new TfIdfIndex(sentences, profile, termsOf);
  const queries = chapters.map((chapter) => index.vectorOf([chapter.title, chapter.title, chapter.summary ?? '', ...(chapter.key_points ?? [])].join('. ')));
  const score = (c: number, i: number): number => {
    const match = cosine(index.vectors[i] ?? new Map<string, number>(), queries[c]!);
    const expected = (c + 0.5) / k;
    const distance = Math.abs((i + 0.5) / n - expected) * k;
    return match + POSITION_WEIGHT * Math.max(0, 1 - distance);
  };

  // best[c][i]: the best total with sentences 0..i placed and sentence i in chapter c.
  const best: Float64Array[] = Array.from({ length: k }, () => new Float64Array(n).fill(Number.NEGATIVE_INFINITY));
  const opened: Uint8Array[] = Array.from({ length: k }, () => new Uint8Array(n));
  best[0]![0] = score(0, 0);
  for (let i = 1; i < n; i += 1) {
    for (let c = 0; c < k && c <= i; c += 1) {
      if (n - i < k - c) continue; // the chapters after c need a sentence each
      const stay = best[c]![i - 1]!;
      const open = c > 0 ? best[c - 1]![i - 1]! : Number.NEGATIVE_INFINITY;
      if (open > stay) {
        best[c]![i] = open + score(c, i);
        opened[c]![i] = 1;
      } else best[c]![i] = stay + score(c, i);
    }
  }

  const starts = new Array<number>(k).fill(0);
  let c = k - 1;
  for (let i = n - 1; i > 0 && c > 0; i -= 1) {
    if (opened[c]![i]) {
      starts[c] = i;
      c -= 1;
    }
  }
  return starts.map((from, position) => ({ from, to: starts[position + 1] ?? n }));
}
