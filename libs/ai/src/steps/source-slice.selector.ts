import { splitParagraphs, splitParagraphSentences } from '../extractive/sentence.splitter.js';
import { contentTerms } from '../extractive/word.tokenizer.js';

export interface SliceChapter {
  title: string;
  summary?: string;
  key_points?: readonly string[];
}

const SENTENCES_PER_BLOCK = 4;
const SLICE_MIN_CHARS = 1_200;
const SLICE_MAX_CHARS = 12_000;

/** About twice the target's words of source: enough to write from, never the whole source. */
export function sliceLimitFor(targetWords: number): number {
  return Math.min(SLICE_MAX_CHARS, Math.max(SLICE_MIN_CHARS, Math.round(targetWords * 12)));
}
/** Paragraphs scoring below this share of the best one are left out even when they would fit. */
const RELEVANCE_FLOOR = 0.2;

function chapterTerms(chapter: SliceChapter): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string | undefined, weight: number): void => {
    for (const term of contentTerms(text ?? '')) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  };
  add(chapter.title, 2);
  add(chapter.summary, 1);
  for (const point of chapter.key_points ?? []) add(point, 1);
  return weights;
}

/** Transcripts often come as one huge paragraph; blocks of a few sentences rank better. */
function sourceBlocks(text: string, minBlocks: number): string[] {
  const paragraphs = splitParagraphs(text);
  if (paragraphs.length >= minBlocks) return paragraphs;
  const blocks: string[] = [];
  for (const paragraph of paragraphs) {
    const sentences = splitParagraphSentences(paragraph);
    for (let i = 0; i < sentences.length; i += SENTENCES_PER_BLOCK) blocks.push(sentences.slice(i, i + SENTENCES_PER_BLOCK).join(' '));
  }
  return blocks;
}

interface IndexedBlocks {
  text: string;
  minBlocks: number;
  blocks: string[];
  terms: Set<string>[];
}

/** The last source's blocks and their terms: every chapter of a post slices the same text, one after another. */
let lastIndexed: IndexedBlocks | undefined;

function indexedBlocks(text: string, minBlocks: number): IndexedBlocks {
  if (lastIndexed?.text === text && lastIndexed.minBlocks === minBlocks) return lastIndexed;
  const blocks = sourceBlocks(text, minBlocks);
  lastIndexed = { text, minBlocks, blocks, terms: blocks.map((block) => new Set(contentTerms(block))) };
  return lastIndexed;
}

function cutAtSentence(block: string, maxChars: number): string {
  let kept = '';
  for (const sentence of splitParagraphSentences(block)) {
    const next = kept.length === 0 ? sentence : `${kept} ${sentence}`;
    if (next.length > maxChars) break;
    kept = next;
  }
  return kept.length > 0 ? kept : block.slice(0, maxChars);
}

/**
 * The part of the source that a chapter is about, so a chapter draft never gets the whole source:
 * paragraphs ranked by overlap with the chapter's title, summary and key points (words that every
 * chapter shares count less; a paragraph near the chapter's share of the source gets a small
 * bonus), taken best first up to maxChars, then put back in source order.
 */
export function sliceSourceForChapter(
  text: string,
  chapter: SliceChapter,
  allChapters: readonly SliceChapter[],
  maxChars: number,
): string {
  const chapters = allChapters.length > 0 ? allChapters : [chapter];
  const { blocks, terms: blockTerms } = indexedBlocks(text, Math.max(4, chapters.length * 2));
  if (blocks.length === 0 || maxChars <= 0) return '';

  let position = chapters.indexOf(chapter);
  if (position < 0) position = Math.max(0, chapters.findIndex((other) => other.title === chapter.title));
  const weightsByChapter = chapters.map(chapterTerms);
  const termSets = weightsByChapter.map((weights) => new Set(weights.keys()));
  for (const weights of weightsByChapter) {
    for (const [term, weight] of weights) {
      const spread = termSets.filter((set) => set.has(term)).length || 1;
      weights.set(term, weight * Math.log(1 + chapters.length / spread));
    }
  }
  const own = weightsByChapter[position] ?? new Map<string, number>();
  const others = weightsByChapter.filter((_, i) => i !== position);

  const relevance = (weights: ReadonlyMap<string, number>, terms: ReadonlySet<string>): number => {
    let score = 0;
    for (const [term, weight] of weights) if (terms.has(term)) score += weight;
    return score / Math.log(2 + terms.size);
  };
  // A block that is more about another chapter than this one belongs to that chapter.
  const overlap = blockTerms.map((terms) => {
    const mine = relevance(own, terms);
    const theirs = Math.max(0, ...others.map((weights) => relevance(weights, terms)));
    return Math.max(0, mine - 0.5 * theirs);
  });
  const best = Math.max(0, ...overlap);
  const expected = (position + 0.5) / chapters.length;
  const scores = overlap.map((score, i) => {
    const distance = Math.abs((i + 0.5) / blocks.length - expected) * chapters.length;
    const prior = Math.max(0, 1 - distance) * 0.35 * (best > 0 ? best : 1);
    return score + prior;
  });
  const top = Math.max(...scores);

  const order = blocks.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const picked = new Map<number, string>();
  let used = 0;
  for (const i of order) {
    if ((scores[i] ?? 0) < top * RELEVANCE_FLOOR || (scores[i] ?? 0) <= 0) break;
    const block = blocks[i] ?? '';
    const cost = block.length + (picked.size > 0 ? 2 : 0);
    if (used + cost <= maxChars) {
      picked.set(i, block);
      used += cost;
    } else if (picked.size === 0) {
      picked.set(i, cutAtSentence(block, maxChars));
      break;
    }
  }
  return [...picked.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, block]) => block)
    .join('\n\n');
}
