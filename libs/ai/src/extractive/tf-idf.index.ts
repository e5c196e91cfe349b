import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { contentTerms } from './word.tokenizer.js';

export type TermVector = ReadonlyMap<string, number>;

function normalize(vector: Map<string, number>): Map<string, number> {
  let norm = 0;
  for (const value of vector.values()) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, value] of vector) vector.set(term, value / norm);
  return vector;
}

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, value] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += value * other;
  }
  return dot;
}

/** TF-IDF over a list of units (sentences, paragraphs, segments): unit-normalised vectors and a centroid. */
export class TfIdfIndex {
  readonly vectors: TermVector[];
  readonly centroid: TermVector;
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;

  constructor(
    units: readonly string[],
    private readonly profile: LanguageProfile = ENGLISH,
    /** The content terms of a unit, when the caller keeps them (a source's sentences are indexed more than once). */
    termsOf: (unit: string) => readonly string[] = (unit) => contentTerms(unit, profile),
  ) {
    this.unknownIdf = Math.log(1 + Math.max(1, units.length));
    const termLists = units.map(termsOf);
    const documentFrequency = new Map<string, number>();
    for (const terms of termLists) for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    for (const [term, df] of documentFrequency) this.idf.set(term, Math.log(1 + units.length / df));
    this.vectors = termLists.map((terms) => this.weigh(terms));
    this.centroid = this.sum(this.vectors);
  }

  /** A vector for any text in this index's term space (unknown terms weigh like the rarest term). */
  vectorOf(text: string): TermVector {
    return this.weigh(contentTerms(text, this.profile));
  }

  sum(vectors: readonly TermVector[]): TermVector {
    const total = new Map<string, number>();
    for (const vector of vectors) for (const [term, value] of vector) total.set(term, (total.get(term) ?? 0) + value);
    return normalize(total);
  }

  private weigh(terms: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    for (const [term, count] of counts) vector.set(term, (1 + Math.log(count)) * (this.idf.get(term) ?? this.unknownIdf));
    return normalize(vector);
  }
}
