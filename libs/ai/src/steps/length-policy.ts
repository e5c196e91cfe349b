import { splitParagraphSentences } from '../extractive/sentence.splitter.js';
import { countWords } from '../extractive/word.tokenizer.js';
import type { ModelEngine } from '../models/chat-model.js';

/** A post may be this much shorter or longer than the words asked for. */
export const LENGTH_TOLERANCE = 0.25;
export const DEFAULT_CHAPTER_WORDS = 250;
export const MIN_CHAPTER_WORDS = 60;
export const MAX_CHAPTER_WORDS = 2000;
export const WORDS_PER_MINUTE = 200;

export interface WordBounds {
  min: number;
  max: number;
}

export function lengthBounds(targetWords: number): WordBounds {
  return { min: Math.floor(targetWords * (1 - LENGTH_TOLERANCE)), max: Math.ceil(targetWords * (1 + LENGTH_TOLERANCE)) };
}

/** Words each chapter should have so that the whole post reaches `totalWords`. */
export function chapterWordTarget(totalWords: number | undefined, chapters: number): number {
  if (totalWords === undefined || chapters <= 0) return DEFAULT_CHAPTER_WORDS;
  return Math.min(MAX_CHAPTER_WORDS, Math.max(MIN_CHAPTER_WORDS, Math.round(totalWords / chapters)));
}

/** Words of markdown as a reader sees them: no link targets, image sources, markup or heading marks. */
export function markdownWordCount(markdown: string): number {
  const text = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^#{1,6}\s+/gm, '');
  return countWords(text);
}

export function readingMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

/**
 * Cuts markdown to at most maxWords: whole blocks first, then whole sentences of the block that
 * crosses the limit. Headings, lists and code are never cut in half.
 */
export function trimMarkdownToWords(markdown: string, maxWords: number): string {
  const blocks = markdown.split(/\n{2,}/).filter((block) => block.trim().length > 0);
  const kept: string[] = [];
  let words = 0;
  for (const block of blocks) {
    const blockWords = markdownWordCount(block);
    if (words + blockWords <= maxWords) {
      kept.push(block);
      words += blockWords;
      continue;
    }
    const isProse = !/^\s*(?:[-*+>|#]|\d+[.)]|```|~~~|\s{4})/.test(block);
    if (isProse) {
      const sentences: string[] = [];
      for (const sentence of splitParagraphSentences(block.replace(/\s+/g, ' ').trim())) {
        const sentenceWords = markdownWordCount(sentence);
        if (words + sentenceWords > maxWords) break;
        sentences.push(sentence);
        words += sentenceWords;
      }
      if (sentences.length > 0) kept.push(sentences.join(' '));
    }
    break;
  }
  return kept.join('\n\n');
}

/** Says why a post missed the asked length, when it did; undefined when within the tolerance. */
export function lengthNote(requestedWords: number | undefined, actualWords: number, engine: ModelEngine): string | undefined {
  if (requestedWords === undefined || requestedWords <= 0) return undefined;
  const { min, max } = lengthBounds(requestedWords);
  if (actualWords >= min && actualWords <= max) return undefined;
  if (actualWords < min) {
    return engine === 'extractive'
      ? `The source is too short to reach about ${requestedWords} words without repeating itself: the extractive engine only reuses sentences of the source, so the post has ${actualWords} words.`
      : `The post has ${actualWords} words, fewer than the ${min} to ${max} asked for.`;
  }
  return `The post has ${actualWords} words, more than the ${min} to ${max} asked for.`;
}
