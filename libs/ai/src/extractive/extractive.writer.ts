/**
 * The offline writer behind ExtractiveEngine: every output is built from the source's own
 * sentences and phrases (no model, no randomness; every sort breaks ties by source position).
 */
import type { AvailableImage, ImageChapter } from '../steps/image.matcher.js';
import { matchImagesToChapters } from '../steps/image.matcher.js';
import { defaultAltText, defaultImagePrompt, type ImagePlanAnswer } from '../steps/images-plan.step.js';
import {
  type ChapterDraft,
  type ChaptersAnswer,
  type ComposeAnswer,
  type GivenOutline,
  MAX_CHAPTERS,
  type OutlineChapter,
  type OutlineOptions,
  type OutlineOutput,
  SEO_TITLE_MAX_CHARS,
  type SeoOutlineHint,
  type SeoOutput,
  type TranscriptSegment,
} from '../steps/step.contracts.js';
import { slugify } from '../steps/slug.formatter.js';
import { sliceLimitFor, sliceSourceForChapter } from '../steps/source-slice.selector.js';
import { clampLine, cleanHeading, toHeading } from './heading.formatter.js';
import { extractKeyphrases, type Keyphrase } from './keyphrase.extractor.js';
import { lengthFactor, pickSentences, scoreSentences } from './sentence.ranker.js';
import { cleanSpokenSentence, splitParagraphSentences, splitParagraphs } from './sentence.splitter.js';
import { cosine, TfIdfIndex } from './tf-idf.index.js';
import { segmentUnits, type TextUnit } from './topic.segmenter.js';
import { contentTerms, countWords, stem, tokenize } from './word.tokenizer.js';

const WORDS_PER_AUTO_CHAPTER = 350;
// The writer's own targets, tighter than the steps' limits (step.contracts): a heading, summary or
// key point it makes is a phrase or a sentence or two of the source, not the most a model may send.
const HEADING_TARGET_CHARS = 70;
const SUMMARY_TARGET_CHARS = 400;
const KEY_POINT_TARGET_CHARS = 220;
const KEY_POINTS = 3;
const SENTENCES_PER_PARAGRAPH = 4;

interface Sentence {
  text: string;
  paragraph: number;
}

function sentencesOf(text: string): Sentence[] {
  return splitParagraphs(text).flatMap((paragraph, p) => splitParagraphSentences(paragraph).map((sentence) => ({ text: sentence, paragraph: p })));
}

function autoChapterCount(words: number): number {
  return Math.min(8, Math.max(3, Math.round(words / WORDS_PER_AUTO_CHAPTER)));
}

function clampCount(count: number): number {
  return Math.min(MAX_CHAPTERS, Math.max(1, Math.round(count)));
}

/** The sentences of one section ordered best first: close to the section's centroid, and to an optional query. */
function rankSection(indices: readonly number[], sentences: readonly Sentence[], index: TfIdfIndex, query?: string): number[] {
  const centroid = index.sum(indices.map((i) => index.vectors[i] ?? new Map<string, number>()));
  const queryVector = query ? index.vectorOf(query) : undefined;
  const scored = indices.map((i) => {
    const vector = index.vectors[i] ?? new Map<string, number>();
    const central = cosine(vector, centroid);
    const relevant = queryVector && queryVector.size > 0 ? cosine(vector, queryVector) : central;
    return { i, score: (0.6 * central + 0.4 * relevant) * lengthFactor(sentences[i]?.text ?? '') };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((entry) => entry.i);
}

function summaryAndKeyPoints(ranked: readonly number[], sentences: readonly Sentence[], index: TfIdfIndex): { summary: string; key_points: string[] } {
  const picked: number[] = [];
  for (const i of ranked) {
    const vector = index.vectors[i] ?? new Map<string, number>();
    if (picked.some((j) => cosine(vector, index.vectors[j] ?? new Map<string, number>()) > 0.6)) continue;
    picked.push(i);
    if (picked.length >= 1 + KEY_POINTS) break;
  }
  const clean = (i: number | undefined): string => (i === undefined ? '' : cleanSpokenSentence(sentences[i]?.text ?? ''));
  let summary = clean(picked[0]);
  let rest = picked.slice(1);
  if (countWords(summary) < 12 && rest.length > 0) {
    const [second, ...others] = [...rest].sort((a, b) => a - b);
    summary = (picked[0] ?? 0) < (second ?? 0) ? `${summary} ${clean(second)}` : `${clean(second)} ${summary}`;
    rest = others;
  }
  return {
    summary: clampLine(summary, SUMMARY_TARGET_CHARS),
    key_points: rest.map((i) => clampLine(clean(i), KEY_POINT_TARGET_CHARS)).filter((point) => point.length > 0),
  };
}

/** Non-overlapping occurrences of `needle` in `haystack`. */
function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/** Stems of every word (stopwords included), space-joined and padded, to test whether a phrase occurs. */
function stemStream(text: string): string {
  return ` ${tokenize(text).map(stem).join(' ')} `;
}

/**
 * A heading per section from its key phrases, preferring phrases that are distinctive for the
 * section (an inverse section frequency) and never reusing a phrase already taken.
 */
function sectionHeadings(sectionTexts: readonly string[], taken: Set<string>): string[] {
  const streams = sectionTexts.map(stemStream);
  return sectionTexts.map((text, s) => {
    const stream = streams[s] ?? '';
    const phrases = extractKeyphrases(text, { limit: 15, maxWords: 3 })
      .map((phrase, rank) => {
        const needle = ` ${phrase.key} `;
        const spread = streams.filter((other) => other.includes(needle)).length || 1;
        const occurrences = countOccurrences(stream, needle);
        const length = phrase.key.split(' ').length;
        const score = occurrences * (1 + 0.6 * (length - 1)) * Math.log(1 + sectionTexts.length / spread) * (occurrences > 1 ? 1 : 0.3);
        return { phrase: { ...phrase, count: occurrences }, rank, score };
      })
      .sort((a, b) => b.score - a.score || a.rank - b.rank)
      .map((entry) => entry.phrase)
      .filter((phrase) => !taken.has(phrase.key));
    return headingFrom(phrases, taken) || `Part ${s + 1}`;
  });
}

function headingFrom(phrases: readonly Keyphrase[], taken: Set<string>, maxChars = HEADING_TARGET_CHARS): string {
  const [first, ...rest] = phrases;
  if (!first) return '';
  taken.add(first.key);
  const firstWords = first.key.split(' ');
  if (firstWords.length > 1) return toHeading(first.phrase, maxChars);
  const second = rest.find((phrase) => phrase.count > 1 && phrase.key.split(' ').length <= 2 && !phrase.key.split(' ').some((word) => firstWords.includes(word)));
  if (!second) return toHeading(first.phrase, maxChars);
  const combined = `${first.phrase} and ${second.phrase}`;
  if (combined.length > maxChars) return toHeading(first.phrase, maxChars);
  taken.add(second.key);
  return toHeading(combined, maxChars);
}

/** A title for the whole text from its strongest key phrases. */
export function titleFor(text: string, maxChars = SEO_TITLE_MAX_CHARS): string {
  const phrases = extractKeyphrases(text, { limit: 12, maxWords: 3 });
  const multi = phrases.filter((phrase) => phrase.key.includes(' '));
  const first = multi[0] ?? phrases[0];
  if (!first) return '';
  const second = phrases.find((phrase) => phrase !== first && !phrase.key.split(' ').some((word) => first.key.split(' ').includes(word)));
  const combined = second ? `${first.phrase} and ${second.phrase}` : first.phrase;
  return toHeading(combined.length <= maxChars ? combined : first.phrase, maxChars);
}

interface Section {
  title: string;
  summary: string;
  key_points: string[];
  firstUnit: number;
}

/** Cuts units into `count` sections and describes each one (heading, summary, key points). */
function describeSections(units: readonly TextUnit[], count: number): Section[] {
  const starts = segmentUnits(units, count);
  const sectionTexts = starts.map((start, s) => units.slice(start, starts[s + 1] ?? units.length).map((unit) => unit.text).join('\n\n'));
  const sentencesBySection = sectionTexts.map(sentencesOf);
  const all: Sentence[] = sentencesBySection.flat();
  const index = new TfIdfIndex(all.map((sentence) => sentence.text));
  const headings = sectionHeadings(sectionTexts, new Set());
  let offset = 0;
  return sentencesBySection.map((sentences, s) => {
    const indices = sentences.map((_, k) => offset + k);
    offset += sentences.length;
    const described = summaryAndKeyPoints(rankSection(indices, all, index), all, index);
    return { title: headings[s] ?? `Part ${s + 1}`, ...described, firstUnit: starts[s] ?? 0 };
  });
}

function sentenceUnits(text: string): TextUnit[] {
  return sentencesOf(text).map((sentence, i, all) => ({
    text: sentence.text,
    words: countWords(sentence.text),
    opensParagraph: i === 0 || all[i - 1]?.paragraph !== sentence.paragraph,
  }));
}

/** When there are fewer sentences than chapters, word windows stand in for sentences. */
function unitsForCount(text: string, count: number): TextUnit[] {
  const units = sentenceUnits(text);
  if (units.length >= count) return units;
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  if (words.length < count) return units;
  const size = Math.floor(words.length / count);
  return Array.from({ length: count }, (_, i) => {
    const chunk = words.slice(i * size, i === count - 1 ? words.length : (i + 1) * size).join(' ');
    return { text: chunk, words: countWords(chunk), opensParagraph: true };
  });
}

function padSections(sections: Section[], count: number, text: string): Section[] {
  if (sections.length >= count) return sections;
  const summary = clampLine(cleanSpokenSentence(text.replace(/\s+/g, ' ').trim()), SUMMARY_TARGET_CHARS);
  const padded = [...sections];
  for (let i = padded.length; i < count; i += 1) padded.push({ title: `Part ${i + 1}`, summary, key_points: [], firstUnit: 0 });
  return padded;
}

function outlineForGiven(text: string, given: GivenOutline): OutlineChapter[] {
  const chapters = given.chapters.slice(0, MAX_CHAPTERS);
  return chapters.map((chapter) => {
    const title = cleanHeading(chapter.title) || 'Untitled';
    const slice = sliceSourceForChapter(text, chapter, chapters, 6_000);
    const sentences = sentencesOf(slice);
    const index = new TfIdfIndex(sentences.map((sentence) => sentence.text));
    const query = [chapter.title, chapter.summary ?? '', ...(chapter.key_points ?? [])].join('. ');
    const described = summaryAndKeyPoints(rankSection(sentences.map((_, i) => i), sentences, index, query), sentences, index);
    return {
      title,
      summary: chapter.summary?.trim() || described.summary,
      key_points: chapter.key_points && chapter.key_points.length > 0 ? chapter.key_points : described.key_points,
    };
  });
}

/** The outline the caller gave, when it has chapters. */
export function givenOutline(options: OutlineOptions | undefined): GivenOutline | undefined {
  return options?.outline && options.outline.chapters.length > 0 ? options.outline : undefined;
}

export function writeOutline(text: string, options: OutlineOptions = {}): OutlineOutput {
  const chapters = writeOutlineChapters(text, options);
  return { outline: { title: outlineTitle(text, options, chapters), chapters } };
}

/** The chapters writeOutline plans, without its title (for a model outline that lacks chapters only). */
export function writeOutlineChapters(text: string, options: OutlineOptions = {}): OutlineChapter[] {
  const given = givenOutline(options);
  if (given) return outlineForGiven(text, given);
  const count = options.chapters_count !== undefined ? clampCount(options.chapters_count) : autoChapterCount(countWords(text));
  const units = unitsForCount(text, count);
  const sections = padSections(units.length > 0 ? describeSections(units, Math.min(count, units.length)) : [], count, text);
  return sections.map(({ title, summary, key_points }) => ({ title, summary, key_points }));
}

/** The title writeOutline gives an outline with these chapters. */
export function outlineTitle(text: string, options: OutlineOptions, chapters: readonly OutlineChapter[]): string {
  const given = givenOutline(options);
  if (given) return cleanHeading(given.title ?? '') || titleFor(text) || 'Untitled';
  return titleFor(text) || chapters[0]?.title || 'Untitled';
}

export function writeChapters(text: string, segments?: readonly TranscriptSegment[], chaptersCount?: number): ChaptersAnswer {
  if (segments && segments.length > 0) {
    const units = segments.map((segment) => ({ text: segment.text, words: countWords(segment.text), opensParagraph: false }));
    const words = units.reduce((sum, unit) => sum + unit.words, 0);
    const count = Math.min(segments.length, chaptersCount !== undefined ? clampCount(chaptersCount) : autoChapterCount(words));
    return {
      chapters: describeSections(units, count).map((section) => ({ title: section.title, summary: section.summary, first_segment: section.firstUnit })),
    };
  }
  const count = chaptersCount !== undefined ? clampCount(chaptersCount) : autoChapterCount(countWords(text));
  const units = unitsForCount(text, count);
  const sections = padSections(units.length > 0 ? describeSections(units, Math.min(count, units.length)) : [], count, text);
  return { chapters: sections.map((section) => ({ title: section.title, summary: section.summary, first_segment: null })) };
}

export function writeSeo(text: string, outline?: SeoOutlineHint): SeoOutput {
  const title = cleanHeading(outline?.title ?? '', SEO_TITLE_MAX_CHARS) || titleFor(text, SEO_TITLE_MAX_CHARS) || 'Untitled';
  const sentences = sentencesOf(text);
  const index = new TfIdfIndex(sentences.map((sentence) => sentence.text));
  const ranked = rankSection(sentences.map((_, i) => i), sentences, index, title);
  const candidates = ranked.map((i) => cleanSpokenSentence(sentences[i]?.text ?? '')).filter((sentence) => sentence.length > 0);
  const fitting = candidates.find((sentence) => sentence.length >= 60 && sentence.length <= 160);
  const description = clampLine(fitting ?? candidates[0] ?? title, 160);
  const keywords: string[] = [];
  for (const phrase of extractKeyphrases(text, { limit: 40, maxWords: 3 })) {
    const keyword = phrase.phrase.toLowerCase();
    if (keyword.length <= 50 && !keywords.includes(keyword)) keywords.push(keyword);
    if (keywords.length >= 10) break;
  }
  for (const term of contentTerms(`${title} ${text}`)) {
    if (keywords.length >= 5) break;
    if (term.length > 2 && !keywords.includes(term)) keywords.push(term);
  }
  return { title, description, slug: slugify(title), keywords };
}

export function writeImagePlan(chapters: readonly ImageChapter[], available: readonly AvailableImage[]): ImagePlanAnswer {
  const matches = matchImagesToChapters(chapters, available);
  return {
    images: chapters.map((chapter, i) => ({
      chapter_index: i,
      prompt: defaultImagePrompt(chapter),
      alt_text: defaultAltText(chapter),
      placement: 'before' as const,
      media_id: matches[i] ?? null,
    })),
  };
}

export interface DraftRequest {
  chapter: OutlineChapter;
  sibling_summaries: readonly string[];
  source_slice: string;
  target_words: number;
}

/**
 * A chapter body made of the slice's sentences that best cover the chapter, skipping what the
 * sibling chapters say, up to the target words (never more than +20%), in source order and with
 * the source's paragraphs.
 */
export function writeChapterDraft(request: DraftRequest): ChapterDraft {
  const heading = cleanHeading(request.chapter.title) || 'Untitled';
  const sentences = sentencesOf(request.source_slice);
  const fallback = [request.chapter.summary, ...request.chapter.key_points.map((point) => `- ${point}`)].filter((part) => part.trim()).join('\n\n');
  if (sentences.length === 0) return { heading, markdown: fallback };

  const texts = sentences.map((sentence) => sentence.text);
  const index = new TfIdfIndex(texts);
  const query = [request.chapter.title, request.chapter.title, request.chapter.summary, ...request.chapter.key_points].join('. ');
  const scores = scoreSentences(texts, index, { query, queryWeight: 0.5 });
  const own = index.vectorOf(query);
  const avoid = request.sibling_summaries
    .map((summary) => index.vectorOf(summary))
    .filter((vector) => cosine(vector, own) < 0.5);
  const target = Math.max(1, Math.round(request.target_words));
  const picked = pickSentences(texts, scores, index, { targetWords: target, maxWords: Math.floor(target * 1.2), avoid, redundancy: 0.6 });

  const paragraphs: string[][] = [];
  let previousParagraph = -1;
  for (const i of picked) {
    const sentence = sentences[i];
    const cleaned = sentence ? cleanSpokenSentence(sentence.text) : '';
    if (!sentence || cleaned.length === 0) continue;
    const current = paragraphs[paragraphs.length - 1];
    if (!current || sentence.paragraph !== previousParagraph || current.length >= SENTENCES_PER_PARAGRAPH) paragraphs.push([cleaned]);
    else current.push(cleaned);
    previousParagraph = sentence.paragraph;
  }
  const markdown = paragraphs.map((paragraph) => paragraph.join(' ')).join('\n\n');
  return { heading, markdown: markdown || fallback };
}

export function writeComposeSections(chapters: readonly OutlineChapter[], text: string, targetWords: number): ComposeAnswer {
  const perChapter = Math.max(60, Math.round(targetWords / Math.max(1, chapters.length)));
  return {
    sections: chapters.map((chapter, i) =>
      writeChapterDraft({
        chapter,
        sibling_summaries: chapters.filter((_, j) => j !== i).map((other) => other.summary),
        source_slice: text ? sliceSourceForChapter(text, chapter, chapters, sliceLimitFor(perChapter)) : '',
        target_words: perChapter,
      }),
    ),
  };
}
