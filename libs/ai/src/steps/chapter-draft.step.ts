import { clampLine, cleanHeading } from '../extractive/heading.formatter.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { parseNumberedSource } from '../writing/numbered-source.js';
import { lengthBounds, markdownWordCount, trimMarkdownToWords } from './length-policy.js';
import { type ChapterDraft, type CitedParagraph, type Outline, type OutlineChapter, type StyleOptions } from './step.contracts.js';
import { CHAPTER_TITLE_MAX_CHARS } from './step.contracts.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readArray, readInteger, readObject, readString, type StepRequest, styleLines } from './step-request.js';

export { sliceSourceForChapter } from './source-slice.selector.js';

export const CHAPTER_DRAFT_STEP = 'chapter.draft';

/** What another chapter of the post covers. */
export interface SiblingChapter {
  title: string;
  key_points: string[];
}

export interface ChapterDraftInput extends StyleOptions {
  outline: Outline;
  /** Which chapter of the outline to write, from 0. */
  chapter_index: number;
  /** What the other chapters cover (titles and key points), so this one does not repeat them. */
  siblings: SiblingChapter[];
  /** The chapter's own sentences of the source, numbered (`[12] …`, see numbered-source); no other chapter gets them. */
  source_slice: string;
  target_words: number;
  /** The source's language (ISO 639-1). */
  source_language?: string;
  /** A rewrite: passages of other chapters that the first draft repeated and this one must not. */
  avoid?: string[];
}

export const CHAPTER_DRAFT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['heading', 'paragraphs'],
  properties: {
    heading: { type: 'string' },
    paragraphs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['markdown', 'sources'],
        properties: {
          markdown: { type: 'string' },
          sources: { type: 'array', items: { type: 'integer' } },
        },
      },
    },
  },
};

export const CHAPTER_DRAFT_SYSTEM =
  'You are a writer who turns source material into clear blog prose. You only state what the source supports, and you say which source sentences each paragraph comes from. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

/** Key points of a sibling a chapter prompt carries at most, and their length: enough to steer clear of them. */
const SIBLING_KEY_POINTS = 3;
const SIBLING_KEY_POINT_CHARS = 110;

/** Every chapter of the outline with what it covers (its title and a few key points, clipped). */
export function outlineCoverage(outline: Outline): SiblingChapter[] {
  return outline.chapters.map((chapter) => ({
    title: chapter.title,
    key_points: (chapter.key_points.length > 0 ? chapter.key_points : [chapter.summary])
      .slice(0, SIBLING_KEY_POINTS)
      .map((point) => clampLine(point, SIBLING_KEY_POINT_CHARS))
      .filter(Boolean),
  }));
}

/** What each other chapter of the outline covers, for a chapter that must not repeat them. */
export function siblingChapters(outline: Outline, index: number): SiblingChapter[] {
  return outlineCoverage(outline).filter((_, i) => i !== index);
}

export function chapterOf(input: Pick<ChapterDraftInput, 'outline' | 'chapter_index'>): OutlineChapter {
  const chapter = input.outline.chapters[input.chapter_index];
  if (!chapter) throw new RangeError(`chapter_index ${input.chapter_index} is outside the outline's ${input.outline.chapters.length} chapters`);
  return chapter;
}

export function buildChapterDraftRequest(input: ChapterDraftInput): StepRequest {
  const chapter = chapterOf(input);
  const { min, max } = lengthBounds(input.target_words);
  const rewrite = input.avoid && input.avoid.length > 0;
  const lines = [
    `Write chapter ${input.chapter_index + 1} of the blog post "${input.outline.title}": "${chapter.title}".`,
    'input.outline lists every chapter in order; input.siblings says what the other chapters cover: do not repeat it.',
    'Use input.source as your only source: its sentences are numbered ([12] …). Cover the chapter summary and key points.',
    'Answer paragraph by paragraph: for each paragraph, markdown is its text and sources the numbers of the source sentences it is based on (only numbers from input.source).',
    `heading: the chapter title. The paragraphs together have ${min} to ${max} words, without the heading; use ### for any subheading. Write prose, not a transcript: no greetings, fillers or stage directions.`,
    ...(rewrite ? ['This is a rewrite: your first draft repeated other chapters. Say nothing of what input.avoid says, in any words.'] : []),
    ...styleLines(input),
  ];
  return {
    schemaName: 'chapter_draft',
    schema: CHAPTER_DRAFT_SCHEMA,
    system: CHAPTER_DRAFT_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), {
      outline: { title: input.outline.title, chapters: input.outline.chapters.map((other) => other.title) },
      chapter_index: input.chapter_index,
      chapter,
      siblings: input.siblings,
      source: input.source_slice,
      target_words: input.target_words,
      ...(input.source_language ? { source_language: input.source_language } : {}),
      ...(input.audience ? { audience: input.audience } : {}),
      ...(rewrite ? { avoid: input.avoid } : {}),
    }),
    temperature: 0.5,
    maxOutputTokens: Math.ceil(max * 2) + 300,
  };
}

/**
 * A chapter body that fits under one `## ` heading: no heading repeating the title at its top,
 * deeper headings at `###` or below, no runs of blank lines.
 */
export function normalizeChapterBody(markdown: string, heading: string): string {
  let body = markdown.replace(/\r\n?/g, '\n').trim();
  const firstLine = /^#{1,6}\s+(.*)\n?/.exec(body);
  if (firstLine && cleanHeading(firstLine[1] ?? '').toLowerCase() === heading.toLowerCase()) body = body.slice(firstLine[0].length).trim();
  let inFence = false;
  body = body
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) return line;
      return line.replace(/^#{1,2}(\s)/, '###$1').replace(/^(#{1,6})$/, '');
    })
    .join('\n');
  return body.replace(/\n{3,}/g, '\n\n').trim();
}

/** What a chapter says when nothing better could be written: its summary and key points. */
export function fallbackChapterBody(chapter: OutlineChapter): string {
  const parts: string[] = [];
  if (chapter.summary.trim()) parts.push(chapter.summary.trim());
  if (chapter.key_points.length > 0) parts.push(chapter.key_points.map((point) => `- ${point}`).join('\n'));
  return parts.join('\n\n');
}

/**
 * Cited paragraphs as a model wrote them, held to the rules: each paragraph normalized (one block
 * per entry: a paragraph holding blank lines is split, each part keeping its sources), empty ones
 * dropped, and only citations of sentences the step was given kept.
 */
export function readCitedParagraphs(value: unknown, heading: string, allowed: ReadonlySet<number>): CitedParagraph[] {
  const paragraphs: CitedParagraph[] = [];
  readArray(value).forEach((entry, index) => {
    const fields = readObject(entry);
    const text = normalizeChapterBody(readString(fields.markdown), index === 0 ? heading : '');
    const sources = [
      ...new Set(
        readArray(fields.sources)
          .map(readInteger)
          .filter((n): n is number => n !== undefined && allowed.has(n)),
      ),
    ].sort((a, b) => a - b);
    for (const block of text.split(/\n{2,}/).filter((part) => part.trim().length > 0)) paragraphs.push({ markdown: block.trim(), sources });
  });
  return paragraphs;
}

/** At most maxWords: whole paragraphs, then whole sentences of the one that crosses the limit (keeping its citations). */
export function trimParagraphsToWords(paragraphs: readonly CitedParagraph[], maxWords: number): CitedParagraph[] {
  const kept: CitedParagraph[] = [];
  let words = 0;
  for (const paragraph of paragraphs) {
    const count = markdownWordCount(paragraph.markdown);
    if (words + count <= maxWords) {
      kept.push(paragraph);
      words += count;
      continue;
    }
    const cut = trimMarkdownToWords(paragraph.markdown, maxWords - words);
    if (cut.length > 0) kept.push({ markdown: cut, sources: paragraph.sources });
    break;
  }
  return kept;
}

/**
 * The outline's title is the heading (the user may have chosen it); the body is normalized, capped
 * at +25% of the target and never empty; citations outside the chapter's slice are dropped.
 */
export function enforceChapterDraft(answer: unknown, input: ChapterDraftInput): ChapterDraft {
  const chapter = chapterOf(input);
  const fields = readObject(answer);
  const heading =
    cleanHeading(chapter.title, CHAPTER_TITLE_MAX_CHARS) || cleanHeading(readString(fields.heading), CHAPTER_TITLE_MAX_CHARS) || `Chapter ${input.chapter_index + 1}`;
  const { max } = lengthBounds(input.target_words);
  const allowed = new Set(parseNumberedSource(input.source_slice).map((sentence) => sentence.n));
  let paragraphs = trimParagraphsToWords(readCitedParagraphs(fields.paragraphs, heading, allowed), max);
  if (paragraphs.length === 0) {
    paragraphs = fallbackChapterBody(chapter)
      .split(/\n{2,}/)
      .filter((block) => block.trim().length > 0)
      .map((block) => ({ markdown: block, sources: [] }));
  }
  return { heading, markdown: paragraphs.map((paragraph) => paragraph.markdown).join('\n\n'), paragraphs };
}

export async function runChapterDraftStep(model: ChatModel, input: ChapterDraftInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ChapterDraft> {
  chapterOf(input);
  const { output } = await model.generate<unknown>({ ...buildChapterDraftRequest(input), onCall, signal });
  return enforceChapterDraft(output, input);
}
