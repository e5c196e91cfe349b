import { cosine, type TermVector, TfIdfIndex } from './tf-idf.index.js';
import { countWords } from './word.tokenizer.js';

export interface RankOptions {
  /** Text the sentences should be about (a chapter title and summary); blends with centrality. */
  query?: string;
  /** Weight of similarity to the query against centrality; 0..1. */
  queryWeight?: number;
}

/** Fragments and rambling sentences make poor summaries. */
export function lengthFactor(sentence: string): number {
  const words = countWords(sentence);
  if (words < 5) return 0.3;
  if (words < 8) return 0.75;
  if (words > 45) return 0.8;
  return sentence.trimEnd().endsWith('?') ? 0.7 : 1;
}

/**
 * TF-IDF centrality: how close each sentence is to the centroid of all of them, optionally
 * blended with closeness to a query. Linear in the number of sentences.
 */
export function scoreSentences(sentences: readonly string[], index: TfIdfIndex, options: RankOptions = {}): number[] {
  const query = options.query ? index.vectorOf(options.query) : undefined;
  const weight = query && query.size > 0 ? (options.queryWeight ?? 0.6) : 0;
  return sentences.map((sentence, i) => {
    const vector = index.vectors[i] ?? new Map<string, number>();
    const central = cosine(vector, index.centroid);
    const relevant = query ? cosine(vector, query) : 0;
    return ((1 - weight) * central + weight * relevant) * lengthFactor(sentence);
  });
}

export interface PickOptions {
  /** Stop after this many sentences. */
  count?: number;
  /** Stop once this many words are picked (a sentence that would pass maxWords is skipped). */
  targetWords?: number;
  maxWords?: number;
  /** Skip sentences too close to these (what sibling chapters already say). */
  avoid?: readonly TermVector[];
  /** Highest similarity to an already picked (or avoided) sentence that is still allowed. */
  redundancy?: number;
}

/**
 * Greedy maximal-marginal-relevance pick: best score first, skipping near-duplicates; ties go to the
 * earlier sentence. Returns indices in source order.
 */
export function pickSentences(
  sentences: readonly string[],
  scores: readonly number[],
  index: TfIdfIndex,
  options: PickOptions,
): number[] {
  const redundancy = options.redundancy ?? 0.6;
  const order = sentences.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const picked: number[] = [];
  let words = 0;
  for (const i of order) {
    if (options.count !== undefined && picked.length >= options.count) break;
    if (options.targetWords !== undefined && words >= options.targetWords) break;
    const vector = index.vectors[i] ?? new Map<string, number>();
    if (vector.size === 0 && sentences.length > 1) continue;
    const tooClose =
      picked.some((j) => cosine(vector, index.vectors[j] ?? new Map<string, number>()) > redundancy) ||
      (options.avoid ?? []).some((other) => cosine(vector, other) > redundancy);
    if (tooClose) continue;
    const sentenceWords = countWords(sentences[i] ?? '');
    if (options.maxWords !== undefined && picked.length > 0 && words + sentenceWords > options.maxWords) continue;
    picked.push(i);
    words += sentenceWords;
  }
  return picked.sort((a, b) => a - b);
}
