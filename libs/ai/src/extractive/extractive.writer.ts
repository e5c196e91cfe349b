/**
 * The offline writer behind ExtractiveEngine: every output is built from the source's own
 * sentences and phrases (no model, no randomness; every sort breaks ties by source position). It
 * writes in the source's language, with that language's function words and abbreviations.
 */
import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import type { AvailableImage, ImageChapter } from '../steps/image.matcher.js';
import { matchImagesToChapters } from '../steps/image.matcher.js';
import { defaultAltText, defaultImagePrompt, type ImagePlanAnswer } from '../steps/images-plan.step.js';
import {
  type ChapterDraft,
  type ChaptersAnswer,
  type CitedParagraph,
  type ComposeAnswer,
  type GivenOutline,
  type IntroConclusion,
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
import { sliceSourceForChapter } from '../steps/source-slice.selector.js';
import { assignChapterSpans } from '../writing/chapter-spans.js';
import { fourGrams } from '../writing/ngram-overlap.js';
import { type NumberedSentence } from '../writing/numbered-source.js';
import { cleanSpokenSentence } from '../writing/spoken-noise.cleaner.js';
import { clampLine, cleanHeading } from './heading.formatter.js';
import { formatHeading, postTitle, sectionHeadings, SOURCE_HEADING } from './heading.writer.js';
import { extractKeyphrases } from './keyphrase.extractor.js';
import { lengthFactor, pickSentences, scoreSentences } from './sentence.ranker.js';
import { splitParagraphSentences, splitParagraphs } from './sentence.splitter.js';
import { cosine, TfIdfIndex } from './tf-idf.index.js';
import { segmentUnits, type TextUnit } from './topic.segmenter.js';
import { contentTerms, countWords } from './word.tokenizer.js';

const WORDS_PER_AUTO_CHAPTER = 300;
const MAX_AUTO_CHAPTERS = 8;
// The writer's own targets, tighter than the steps' limits (step.contracts): a summary or key point
// it makes is a sentence or two of the source, not the most a model may send.
const SUMMARY_TARGET_CHARS = 400;
const KEY_POINT_TARGET_CHARS = 220;
const KEY_POINTS = 3;
const SENTENCES_PER_PARAGRAPH = 4;

interface Sentence {
  text: string;
  paragraph: number;
  /** The source's own heading just before this sentence, if any. */
  heading?: string;
}

/**
 * Sentences one writer call has cleaned, and what they became: its passes read the same sentences
 * again (a section's sentences are cut from the text's), and cleaning is the costly part of reading.
 * Made for one call and dropped with it.
 */
type CleanedSentences = Map<string, string>;

function cleanedSentence(sentence: string, profile: LanguageProfile, memo?: CleanedSentences): string {
  let text = memo?.get(sentence);
  if (text === undefined) {
    text = cleanSpokenSentence(sentence, profile.code);
    memo?.set(sentence, text);
  }
  return text;
}

/** The text's sentences (cleaned), with the source headings (`# …`, `## …` lines) attached to the sentence after them. */
function sentencesOf(text: string, profile: LanguageProfile, memo?: CleanedSentences): Sentence[] {
  const sentences: Sentence[] = [];
  let heading: string | undefined;
  splitParagraphs(text).forEach((paragraph, p) => {
    const own = SOURCE_HEADING.exec(paragraph)?.[1];
    if (own) {
      heading = own;
      return;
    }
    for (const sentence of splitParagraphSentences(paragraph, profile)) {
      const cleaned = cleanedSentence(sentence, profile, memo);
      if (cleaned.length === 0) continue;
      sentences.push({ text: cleaned, paragraph: p, ...(heading ? { heading } : {}) });
      heading = undefined;
    }
  });
  return sentences;
}

/**
 * A text as the writers read it: its cleaned sentences, what each sentence cleaned to, and the
 * sentences' TF-IDF index once asked for. A job's outline and SEO steps read the same source text,
 * so the few texts read last are kept: at most RECENT_READINGS of them and RECENT_READING_CHARS
 * characters together (a reading holds about 10 bytes per character of its text); the oldest
 * goes first.
 */
class Reading {
  readonly cleaned: CleanedSentences = new Map();
  readonly sentences: readonly Sentence[];
  private index?: TfIdfIndex;

  constructor(
    readonly text: string,
    readonly profile: LanguageProfile,
  ) {
    this.sentences = sentencesOf(text, profile, this.cleaned);
  }

  sentenceIndex(): TfIdfIndex {
    this.index ??= new TfIdfIndex(
      this.sentences.map((sentence) => sentence.text),
      this.profile,
    );
    return this.index;
  }
}

const RECENT_READINGS = 4;
const RECENT_READING_CHARS = 1_000_000;
const recentReadings = new Map<string, Reading>();
let recentChars = 0;

function readingOf(text: string, profile: LanguageProfile): Reading {
  const known = recentReadings.get(text);
  if (known) {
    recentReadings.delete(text);
    recentChars -= text.length;
  }
  const reading = known?.profile === profile ? known : new Reading(text, profile);
  recentReadings.set(text, reading);
  recentChars += text.length;
  for (const [oldest] of recentReadings) {
    if (recentReadings.size <= 1 || (recentReadings.size <= RECENT_READINGS && recentChars <= RECENT_READING_CHARS)) break;
    recentReadings.delete(oldest);
    recentChars -= oldest.length;
  }
  return reading;
}

/** Chapters a source of this many words gets when the caller does not say: about one per 300 words, 1 to 8. */
export function autoChapterCount(words: number): number {
  return Math.min(MAX_AUTO_CHAPTERS, Math.max(1, Math.round(words / WORDS_PER_AUTO_CHAPTER)));
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
  const text = (i: number | undefined): string => (i === undefined ? '' : (sentences[i]?.text ?? ''));
  let summary = text(picked[0]);
  let rest = picked.slice(1);
  if (countWords(summary) < 12 && rest.length > 0) {
    const [second, ...others] = [...rest].sort((a, b) => a - b);
    summary = (picked[0] ?? 0) < (second ?? 0) ? `${summary} ${text(second)}` : `${text(second)} ${summary}`;
    rest = others;
  }
  return {
    summary: clampLine(summary, SUMMARY_TARGET_CHARS),
    key_points: rest.map((i) => clampLine(text(i), KEY_POINT_TARGET_CHARS)).filter((point) => point.length > 0),
  };
}

interface Section {
  title: string;
  summary: string;
  key_points: string[];
  firstUnit: number;
}

/** Cuts units into `count` sections and describes each one (heading, summary, key points). */
function describeSections(units: readonly HeadedUnit[], count: number, profile: LanguageProfile, memo?: CleanedSentences, indexOfUnits?: TfIdfIndex): Section[] {
  const unitIndex =
    indexOfUnits ??
    new TfIdfIndex(
      units.map((unit) => unit.text),
      profile,
    );
  const starts = segmentUnits(units, count, profile, unitIndex);
  const sectionTexts = starts.map((start, s) => units.slice(start, starts[s + 1] ?? units.length).map((unit) => unit.text).join('\n\n'));
  // A section whose first part carries one of the source's own headings keeps that heading.
  const ownHeadings = starts.map((start, s) => {
    const end = starts[s + 1] ?? units.length;
    return units.slice(start, Math.min(end, start + Math.max(2, Math.ceil((end - start) * 0.4)))).find((unit) => unit.heading)?.heading;
  });
  const sentencesBySection = sectionTexts.map((text) => sentencesOf(text, profile, memo));
  const all: Sentence[] = sentencesBySection.flat();
  // Units that are the text's cleaned sentences come back as they are: their index is the one wanted.
  const same = all.length === units.length && all.every((sentence, i) => sentence.text === units[i]!.text);
  const index = same
    ? unitIndex
    : new TfIdfIndex(
        all.map((sentence) => sentence.text),
        profile,
      );
  const headings = sectionHeadings(sectionTexts, profile, ownHeadings);
  let offset = 0;
  return sentencesBySection.map((sentences, s) => {
    const indices = sentences.map((_, k) => offset + k);
    offset += sentences.length;
    const described = summaryAndKeyPoints(rankSection(indices, all, index), all, index);
    return { title: headings[s] ?? `Part ${s + 1}`, ...described, firstUnit: starts[s] ?? 0 };
  });
}

interface HeadedUnit extends TextUnit {
  heading?: string;
}

function sentenceUnits(sentences: readonly Sentence[]): HeadedUnit[] {
  return sentences.map((sentence, i, all) => ({
    text: sentence.text,
    words: countWords(sentence.text),
    // A source heading is the surest place for a chapter to start.
    opensParagraph: i === 0 || all[i - 1]?.paragraph !== sentence.paragraph,
    ...(sentence.heading ? { heading: sentence.heading } : {}),
  }));
}

function padSections(sections: Section[], count: number, sentences: readonly Sentence[]): Section[] {
  if (sections.length >= count) return sections;
  const summary = clampLine(sentences.map((sentence) => sentence.text).join(' '), SUMMARY_TARGET_CHARS);
  const padded = [...sections];
  for (let i = padded.length; i < count; i += 1) padded.push({ title: `Part ${i + 1}`, summary, key_points: [], firstUnit: 0 });
  return padded;
}

function outlineForGiven(text: string, given: GivenOutline, profile: LanguageProfile): OutlineChapter[] {
  const chapters = given.chapters.slice(0, MAX_CHAPTERS);
  return chapters.map((chapter) => {
    const title = cleanHeading(chapter.title) || 'Untitled';
    const slice = sliceSourceForChapter(text, chapter, chapters, 6_000);
    const sentences = sentencesOf(slice, profile);
    const index = new TfIdfIndex(
      sentences.map((sentence) => sentence.text),
      profile,
    );
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

export function writeOutline(text: string, options: OutlineOptions = {}, profile: LanguageProfile = ENGLISH): OutlineOutput {
  const chapters = writeOutlineChapters(text, options, profile);
  return { outline: { title: outlineTitle(text, options, chapters, profile), chapters } };
}

/** The chapters writeOutline plans, without its title (for a model outline that lacks chapters only). */
export function writeOutlineChapters(text: string, options: OutlineOptions = {}, profile: LanguageProfile = ENGLISH): OutlineChapter[] {
  const given = givenOutline(options);
  if (given) return outlineForGiven(text, given, profile);
  const reading = readingOf(text, profile);
  const units = sentenceUnits(reading.sentences);
  const count = options.chapters_count !== undefined ? clampCount(options.chapters_count) : autoChapterCount(countWords(text));
  const sections = padSections(
    units.length > 0 ? describeSections(units, Math.min(count, units.length), profile, reading.cleaned, reading.sentenceIndex()) : [],
    count,
    reading.sentences,
  );
  return sections.map(({ title, summary, key_points }) => ({ title, summary, key_points }));
}

/** The title writeOutline gives an outline with these chapters. */
export function outlineTitle(text: string, options: OutlineOptions, chapters: readonly OutlineChapter[], profile: LanguageProfile = ENGLISH): string {
  const given = givenOutline(options);
  if (given) return cleanHeading(given.title ?? '') || postTitle(text, profile) || 'Untitled';
  return postTitle(text, profile) || chapters[0]?.title || 'Untitled';
}

export function writeChapters(text: string, segments?: readonly TranscriptSegment[], chaptersCount?: number, profile: LanguageProfile = ENGLISH): ChaptersAnswer {
  if (segments && segments.length > 0) {
    const units = segments.map((segment) => ({ text: segment.text, words: countWords(segment.text), opensParagraph: false }));
    const words = units.reduce((sum, unit) => sum + unit.words, 0);
    const count = Math.min(segments.length, chaptersCount !== undefined ? clampCount(chaptersCount) : autoChapterCount(words));
    return {
      chapters: describeSections(units, count, profile).map((section) => ({ title: section.title, summary: section.summary, first_segment: section.firstUnit })),
    };
  }
  const reading = readingOf(text, profile);
  const units = sentenceUnits(reading.sentences);
  const count = chaptersCount !== undefined ? clampCount(chaptersCount) : autoChapterCount(countWords(text));
  const sections = padSections(
    units.length > 0 ? describeSections(units, Math.min(count, units.length), profile, reading.cleaned, reading.sentenceIndex()) : [],
    count,
    reading.sentences,
  );
  return { chapters: sections.map((section) => ({ title: section.title, summary: section.summary, first_segment: null })) };
}

export function writeSeo(text: string, outline?: SeoOutlineHint, profile: LanguageProfile = ENGLISH): SeoOutput {
  const title = cleanHeading(outline?.title ?? '', SEO_TITLE_MAX_CHARS) || postTitle(text, profile, SEO_TITLE_MAX_CHARS) || 'Untitled';
  const reading = readingOf(text, profile);
  const sentences = reading.sentences;
  const index = reading.sentenceIndex();
  const ranked = rankSection(sentences.map((_, i) => i), sentences, index, title);
  const candidates = ranked.map((i) => sentences[i]?.text ?? '').filter((sentence) => sentence.length > 0 && !sentence.endsWith('?'));
  const fitting = candidates.find((sentence) => sentence.length >= 60 && sentence.length <= 160);
  const description = clampLine(fitting ?? candidates[0] ?? title, 160);
  const keywords: string[] = [];
  for (const phrase of extractKeyphrases(text, { limit: 40, maxWords: 3, profile })) {
    const keyword = phrase.phrase.toLowerCase();
    if (keyword.length <= 50 && !keywords.includes(keyword)) keywords.push(keyword);
    if (keywords.length >= 10) break;
  }
  for (const term of contentTerms(`${title} ${text}`, profile)) {
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
  /** What the other chapters cover: their key points are steered away from. */
  siblings: readonly { title: string; key_points: readonly string[] }[];
  /** The chapter's numbered source sentences. */
  source: readonly NumberedSentence[];
  target_words: number;
  /** Passages of other chapters this chapter must not repeat (a rewrite). */
  avoid?: readonly string[];
  /** Who the post is for: sentences about them rank a little higher. */
  audience?: string;
}

/** Sentences opening with a word that points back ("This", "But") read badly out of their context. */
const DANGLING_START = /^(?:but|and|or|so|because|this|that|these|those|it|they|he|she|then|also|which|pero|y|o|porque|esto|eso|aber|und|oder|denn|das|dies)\b/iu;

/**
 * Groups picked sentences into paragraphs, each citing its sentences: a new paragraph where the
 * source started one (once the current paragraph has two sentences) or after four sentences, so
 * sentences picked from far apart do not leave a trail of one-line paragraphs.
 */
function citedParagraphs(picked: readonly NumberedSentence[]): CitedParagraph[] {
  const paragraphs: { sentences: NumberedSentence[] }[] = [];
  for (const sentence of picked) {
    const current = paragraphs.at(-1);
    const previous = current?.sentences.at(-1);
    const sourceBreak = previous !== undefined && previous.paragraph !== sentence.paragraph;
    if (!current || current.sentences.length >= SENTENCES_PER_PARAGRAPH || (sourceBreak && current.sentences.length >= 2)) {
      paragraphs.push({ sentences: [sentence] });
    } else current.sentences.push(sentence);
  }
  return paragraphs.map(({ sentences }) => ({ markdown: sentences.map((sentence) => sentence.text).join(' '), sources: sentences.map((sentence) => sentence.n) }));
}

/**
 * A chapter body made of the chapter's own source sentences that best cover it, skipping what the
 * sibling chapters' key points say and any sentence sharing a 4-gram with a passage to avoid, up to
 * the target words (never more than +20%), in source order, in the source's paragraphs, each
 * paragraph citing its sentences.
 */
export function writeChapterDraft(request: DraftRequest, profile: LanguageProfile = ENGLISH): ChapterDraft {
  const heading = cleanHeading(request.chapter.title) || 'Untitled';
  const avoided = request.avoid && request.avoid.length > 0 ? fourGrams(request.avoid.join('\n'), profile) : undefined;
  const source = request.source.filter((sentence) => !avoided || ![...fourGrams(sentence.text, profile)].some((gram) => avoided.has(gram)));
  if (source.length === 0) {
    const fallback = [request.chapter.summary, ...request.chapter.key_points.map((point) => `- ${point}`)].filter((part) => part.trim()).join('\n\n');
    return { heading, markdown: fallback, paragraphs: fallback ? [{ markdown: fallback, sources: [] }] : [] };
  }

  const texts = source.map((sentence) => sentence.text);
  const index = new TfIdfIndex(texts, profile);
  const query = [request.chapter.title, request.chapter.title, request.chapter.summary, ...request.chapter.key_points, request.audience ?? ''].join('. ');
  // A question (an interviewer's, a speaker's rhetorical one) or a sentence pointing back reads badly out of its place.
  const scores = scoreSentences(texts, index, { query, queryWeight: 0.5 }).map((score, i) => {
    const text = texts[i] ?? '';
    return score * (DANGLING_START.test(text) ? 0.85 : 1) * (text.trimEnd().endsWith('?') ? 0.6 : 1);
  });
  const own = index.vectorOf(query);
  const avoid = request.siblings
    .flatMap((sibling) => sibling.key_points)
    .map((point) => index.vectorOf(point))
    .filter((vector) => cosine(vector, own) < 0.5);
  const target = Math.max(1, Math.round(request.target_words));
  const picked = pickSentences(texts, scores, index, { targetWords: target, maxWords: Math.floor(target * 1.2), avoid, redundancy: 0.6 });
  // A chapter cannot open on a sentence that points back at what came before it ("It ignored the queue.").
  while (picked.length > 1 && DANGLING_START.test(texts[picked[0]!] ?? '')) picked.shift();
  const paragraphs = citedParagraphs((picked.length > 0 ? picked : [0]).map((i) => source[i]!));
  return { heading, markdown: paragraphs.map((paragraph) => paragraph.markdown).join('\n\n'), paragraphs };
}

export interface FramingRequest {
  chapters: readonly { title: string }[];
  opening: readonly NumberedSentence[];
  closing: readonly NumberedSentence[];
}

/**
 * The introduction is the source's own opening sentences (what it is about), then the list of
 * chapters under "In this post:" (in the source's language) when there are three or more; the
 * conclusion is its closing sentences under the language's "Conclusion" heading.
 */
export function writeIntroConclusion(request: FramingRequest, profile: LanguageProfile = ENGLISH): IntroConclusion {
  const introduction = request.opening.length > 0 ? citedParagraphs(request.opening.map((sentence) => ({ ...sentence, paragraph: 0 }))) : [];
  if (request.chapters.length >= 3 && profile.contentsLabel) {
    introduction.push({ markdown: profile.contentsLabel, sources: [] });
    introduction.push({ markdown: request.chapters.map((chapter) => `- ${chapter.title}`).join('\n'), sources: [] });
  }
  return {
    introduction,
    conclusion: {
      heading: formatHeading(profile.conclusionHeading, profile),
      paragraphs: request.closing.length > 0 ? citedParagraphs(request.closing.map((sentence) => ({ ...sentence, paragraph: 0 }))) : [],
    },
  };
}

/** The whole post in one answer (compose's single call): each chapter drafted from its own run of the numbered source. */
export function writeComposeSections(chapters: readonly OutlineChapter[], source: readonly NumberedSentence[], targetWords: number, profile: LanguageProfile = ENGLISH): ComposeAnswer {
  const perChapter = Math.max(60, Math.round(targetWords / Math.max(1, chapters.length)));
  const spans = assignChapterSpans(
    chapters,
    source.map((sentence) => sentence.text),
    profile,
  );
  const siblings = chapters.map((chapter) => ({ title: chapter.title, key_points: chapter.key_points }));
  return {
    sections: chapters.map((chapter, i) => {
      const draft = writeChapterDraft(
        {
          chapter,
          siblings: siblings.filter((_, j) => j !== i),
          source: source.slice(spans[i]?.from ?? 0, spans[i]?.to ?? 0),
          target_words: perChapter,
        },
        profile,
      );
      return { heading: draft.heading, paragraphs: draft.paragraphs ?? [] };
    }),
  };
}
