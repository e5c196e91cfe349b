import { DomainError } from '@app/shared';
import { paragraphSpans, sentenceSpans } from '../extractive/sentence.splitter.js';
import { countWords } from '../extractive/word.tokenizer.js';
import { detectLanguage } from '../language/language.detector.js';
import { type LanguageProfile, languageProfile } from '../language/language.profile.js';
import { type TranscriptSegment } from '../steps/step.contracts.js';
import { maskMarkdown } from './markdown-markup.mask.js';
import { cleanSpokenSentence, maskSpokenMarkup } from './spoken-noise.cleaner.js';

/** A source too short for an introduction, a chapter and a conclusion of its own sentences. */
export const MIN_SOURCE_WORDS = 60;
export const MIN_SOURCE_SENTENCES = 3;
/** Shorter sentences ("Yes.", "Right, so.") carry nothing a post can use. */
const MIN_SENTENCE_WORDS = 3;

/** One sentence of the source as a post may use it: cleaned, numbered, and where it came from. */
export interface SourceSentence {
  /** 1-based, in source order: what prompts show and what citations name. */
  n: number;
  /** The sentence as written prose (spoken noise removed). */
  text: string;
  /** Where it lies in the document's original text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  paragraph: number;
  words: number;
  /** From timed captions: when it is said. */
  start_s?: number;
  end_s?: number;
  /** From a PDF: the page it is on. */
  page?: number;
}

/** What a document's metadata says about where its text came from. */
export interface SourceFacts {
  segments?: readonly TranscriptSegment[];
  page_offsets?: readonly { page: number; start: number; end: number }[];
  /** The document's title (a caption file's header, a video's or a PDF's title): the source's own title when its text has none. */
  title?: string;
}

/**
 * A source made ready for writing: its language, and its sentences cleaned of spoken noise and
 * numbered, each pointing back into the original text (which stays as it was on the document).
 */
export interface SourcePlan {
  language: string;
  profile: LanguageProfile;
  sentences: SourceSentence[];
  words: number;
  /** The source's own title and headings (Markdown `#` lines, a plain-text title line), in order. */
  headings: SourceHeading[];
  /** The cleaned text: the sentences in their paragraphs, the source's headings as `# …` / `## …` lines. */
  text: string;
}

export interface SourceHeading {
  /** 1 for the title, 2 for any other heading. */
  level: 1 | 2;
  text: string;
  /** Where it lies in the original text. */
  start: number;
}

const MAX_TITLE_LINE_WORDS = 15;
const MAX_HEADING_LINE_WORDS = 10;

/**
 * The headings a source gives itself: Markdown ATX headings, and in plain text, a first line
 * without end punctuation (a title) and later short lines without end punctuation standing alone
 * between paragraphs (section headings).
 */
function findHeadings(raw: string): SourceHeading[] {
  const headings: SourceHeading[] = [];
  let inFence = false;
  for (const match of raw.matchAll(/^.*$/gm)) {
    const line = match[0];
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const atx = /^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (atx) headings.push({ level: atx[1]!.length === 1 ? 1 : 2, text: atx[2]!.trim(), start: match.index });
  }
  if (headings.length > 0) return headings;
  const blocks = paragraphSpans(raw);
  blocks.forEach((block, i) => {
    const line = raw.slice(block.start, block.end);
    const words = countWords(line);
    const standalone = !line.includes('\n') && !/[.!?…:;,"”)\]]$/.test(line.trim()) && /^[\p{Lu}¿¡]/u.test(line.trim()) && i < blocks.length - 1;
    if (!standalone) return;
    if (i === 0 && words <= MAX_TITLE_LINE_WORDS) headings.push({ level: 1, text: line.trim(), start: block.start });
    else if (i > 0 && words <= MAX_HEADING_LINE_WORDS) headings.push({ level: 2, text: line.trim(), start: block.start });
  });
  return headings;
}

function blankRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const range of ranges) out = out.slice(0, range.start) + out.slice(range.start, range.end).replace(/[^\n]/g, ' ') + out.slice(range.end);
  return out;
}

interface TimedRange {
  start: number;
  end: number;
  start_s: number;
  end_s: number;
}

/** Where each caption segment's text lies in the transcript built from them (in order; a segment not found is skipped). */
function segmentRanges(text: string, segments: readonly TranscriptSegment[]): TimedRange[] {
  const ranges: TimedRange[] = [];
  let cursor = 0;
  for (const segment of segments) {
    const needle = segment.text.replace(/\s+/g, ' ').trim();
    if (needle.length === 0) continue;
    const at = text.indexOf(needle, cursor);
    if (at < 0 || at - cursor > 2_000) continue;
    ranges.push({ start: at, end: at + needle.length, start_s: segment.start_s, end_s: segment.start_s + segment.dur_s });
    cursor = at + needle.length;
  }
  return ranges;
}

/** The last range starting at or before `offset` (ranges sorted by start). */
function rangeAt<T extends { start: number }>(ranges: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = ranges.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle]!;
    if (range.start <= offset) {
      found = range;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function normalized(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Cleans and numbers a source: detects its language, blanks stage directions, timestamps, speaker
 * labels and Markdown syntax, splits it into sentences with the language's rules, rewrites each as
 * prose (dropping greetings, sign-offs, calls to subscribe, fillers and false starts), drops repeats,
 * and gives each sentence its span in the original text, with seconds (captions) or page (PDF).
 */
export function planSource(raw: string, facts: SourceFacts = {}, language?: string): SourcePlan {
  const rawMasked = language === undefined ? maskMarkdown(raw) : undefined;
  const code = rawMasked === undefined ? language! : detectLanguage(rawMasked);
  const profile = languageProfile(code);
  const headings = findHeadings(raw);
  const given = facts.title?.replace(/\s+/g, ' ').trim();
  // A title derived from the text's first line is no title of its own.
  if (given && countWords(given) >= 2 && !headings.some((heading) => heading.level === 1) && !raw.trimStart().startsWith(given.slice(0, 40))) {
    headings.unshift({ level: 1, text: given, start: -1 });
  }
  const withoutHeadings = blankRanges(
    raw,
    headings.filter((heading) => heading.start >= 0).map((heading) => ({ start: heading.start, end: raw.indexOf('\n', heading.start) === -1 ? raw.length : raw.indexOf('\n', heading.start) })),
  );
  const spoken = maskSpokenMarkup(withoutHeadings, code);
  // A text with no heading, stage direction or speaker label to blank is masked as the language was told from.
  const masked = rawMasked !== undefined && spoken === raw ? rawMasked : maskMarkdown(spoken);
  const timed = facts.segments && facts.segments.length > 0 ? segmentRanges(raw, facts.segments) : [];
  const pages = [...(facts.page_offsets ?? [])].sort((a, b) => a.start - b.start);

  const sentences: SourceSentence[] = [];
  const seen = new Set<string>();
  const blocks: string[] = [];
  let pendingHeading = 0;
  const headingsBefore = (offset: number): void => {
    while (pendingHeading < headings.length && headings[pendingHeading]!.start < offset) {
      const heading = headings[pendingHeading]!;
      blocks.push(`${heading.level === 1 ? '#' : '##'} ${heading.text}`);
      pendingHeading += 1;
    }
  };
  paragraphSpans(masked).forEach((paragraph, p) => {
    const kept: string[] = [];
    for (const span of sentenceSpans(masked, paragraph, profile)) {
      const text = cleanSpokenSentence(masked.slice(span.start, span.end), code);
      const words = countWords(text);
      if (words < MIN_SENTENCE_WORDS) continue;
      const key = normalized(text);
      if (seen.has(key)) continue;
      seen.add(key);
      const sentence: SourceSentence = { n: sentences.length + 1, text, start: span.start, end: span.end, paragraph: p, words };
      const first = rangeAt(timed, span.start);
      const last = rangeAt(timed, span.end - 1);
      if (first && last) {
        sentence.start_s = first.start_s;
        sentence.end_s = Math.max(first.end_s, last.end_s);
      }
      const page = rangeAt(pages, span.start);
      if (page && span.start < page.end) sentence.page = page.page;
      if (kept.length === 0) headingsBefore(span.start);
      sentences.push(sentence);
      kept.push(text);
    }
    if (kept.length > 0) blocks.push(kept.join(' '));
  });
  return {
    language: code,
    profile,
    sentences,
    words: sentences.reduce((sum, sentence) => sum + sentence.words, 0),
    headings,
    text: blocks.join('\n\n'),
  };
}

/** 422 `source_too_short` when the cleaned source cannot fill an introduction, a chapter and a conclusion. */
export function assertSourceLongEnough(plan: Pick<SourcePlan, 'words' | 'sentences'>): void {
  if (plan.words >= MIN_SOURCE_WORDS && plan.sentences.length >= MIN_SOURCE_SENTENCES) return;
  throw new DomainError(
    'source_too_short',
    `the source has ${plan.words} words in ${plan.sentences.length} sentences once cleaned; a post needs at least ${MIN_SOURCE_WORDS} words in ${MIN_SOURCE_SENTENCES} sentences`,
    { details: { min_words: MIN_SOURCE_WORDS, min_sentences: MIN_SOURCE_SENTENCES, words: plan.words, sentences: plan.sentences.length } },
  );
}
