import { cosine, TfIdfIndex } from '../extractive/tf-idf.index.js';
import { assignChapterSpans, type ChapterSpan, type SpanChapter } from './chapter-spans.js';
import { numberedSource } from './numbered-source.js';
import { frameSource, type PostFrame } from './post-frame.js';
import { planTerms } from './sentence-terms.js';
import { type SourcePlan, type SourceSentence } from './source-plan.js';

/** A source's sentences dealt out for writing: the opening and closing, and each chapter's own run. */
export interface ChapterPlan {
  frame: PostFrame;
  spans: ChapterSpan[];
  /** Each chapter's sentences (within the slice limit), numbered for its prompt. */
  slices: string[];
  opening: string;
  closing: string;
}

/** A chapter's run of sentences cut to `maxChars`: the ones closest to the chapter first, then back in source order. */
function fitSlice(sentences: readonly SourceSentence[], chapter: SpanChapter, maxChars: number, plan: SourcePlan): SourceSentence[] {
  const total = sentences.reduce((sum, sentence) => sum + sentence.text.length + 6, 0);
  if (total <= maxChars) return [...sentences];
  const index = new TfIdfIndex(
    sentences.map((sentence) => sentence.text),
    plan.profile,
    planTerms(plan),
  );
  const query = index.vectorOf([chapter.title, chapter.title, chapter.summary ?? '', ...(chapter.key_points ?? [])].join('. '));
  const order = sentences
    .map((_, i) => ({ i, score: cosine(index.vectors[i] ?? new Map<string, number>(), query) + 0.3 * cosine(index.vectors[i] ?? new Map<string, number>(), index.centroid) }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const kept = new Set<number>();
  let used = 0;
  for (const { i } of order) {
    const cost = (sentences[i]?.text.length ?? 0) + 6;
    if (used + cost > maxChars) continue;
    kept.add(i);
    used += cost;
  }
  return sentences.filter((_, i) => kept.has(i));
}

/**
 * Deals the source out: the opening and closing sentences for the introduction and conclusion,
 * then each chapter its own contiguous run of the rest (see assignChapterSpans), numbered as
 * in the whole source and cut to `sliceLimit` characters — so no sentence reaches two chapters.
 */
export function planChapters(plan: SourcePlan, chapters: readonly SpanChapter[], sliceLimit: number, frame: PostFrame = frameSource(plan)): ChapterPlan {
  const spans = assignChapterSpans(
    chapters,
    frame.pool.map((sentence) => sentence.text),
    plan.profile,
    planTerms(plan),
  );
  const slices = spans.map((span, i) => numberedSource(fitSlice(frame.pool.slice(span.from, span.to), chapters[i]!, sliceLimit, plan)));
  return { frame, spans, slices, opening: numberedSource(frame.opening), closing: numberedSource(frame.closing) };
}

/** The most chapters a source can fill: each needs a few sentences and some words of its own. */
const SENTENCES_PER_CHAPTER = 3;
const WORDS_PER_CHAPTER = 70;

export interface ChapterCount {
  count: number;
  /** The most chapters the source can fill. */
  most: number;
  /** Set when the caller asked for more chapters than the source can fill. */
  reducedFrom?: number;
}

/**
 * How many chapters a post gets: the asked number (or about one per 300 words, 1 to 8), but never
 * more than the source's sentences and words can fill, down to one.
 */
export function chapterCountFor(frame: Pick<PostFrame, 'pool'>, requested: number | undefined, auto: (words: number) => number): ChapterCount {
  const words = frame.pool.reduce((sum, sentence) => sum + sentence.words, 0);
  const most = Math.max(1, Math.min(Math.floor(frame.pool.length / SENTENCES_PER_CHAPTER), Math.floor(words / WORDS_PER_CHAPTER)));
  const wanted = requested ?? auto(words);
  return wanted > most ? { count: most, most, ...(requested !== undefined ? { reducedFrom: requested } : {}) } : { count: wanted, most };
}
