import { cleanHeading } from '../extractive/heading.formatter.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { lengthBounds, trimMarkdownToWords } from './length-policy.js';
import { type Outline, type OutlineChapter } from './step.contracts.js';
import { CHAPTER_TITLE_MAX_CHARS } from './step.contracts.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readObject, readString, type StepRequest, styleLines } from './step-request.js';
import { type ChapterDraft } from './step.contracts.js';

export { sliceSourceForChapter } from './source-slice.selector.js';

export const CHAPTER_DRAFT_STEP = 'chapter.draft';

export interface ChapterDraftInput {
  outline: Outline;
  /** Which chapter of the outline to write, from 0. */
  chapter_index: number;
  /** What the other chapters cover, so this one does not repeat them. */
  sibling_summaries: string[];
  /** The part of the source this chapter is about (see sliceSourceForChapter). */
  source_slice: string;
  target_words: number;
  tone?: string;
  language?: string;
}

export const CHAPTER_DRAFT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['heading', 'markdown'],
  properties: {
    heading: { type: 'string' },
    markdown: { type: 'string' },
  },
};

export const CHAPTER_DRAFT_SYSTEM =
  'You are a writer who turns source material into clear blog prose. You only state what the source supports. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

/** What each other chapter of the outline covers, for a chapter that must not repeat them. */
export function siblingSummaries(outline: Outline, index: number): string[] {
  return outline.chapters.filter((_, i) => i !== index).map((chapter) => `${chapter.title}: ${chapter.summary}`.trim());
}

export function chapterOf(input: Pick<ChapterDraftInput, 'outline' | 'chapter_index'>): OutlineChapter {
  const chapter = input.outline.chapters[input.chapter_index];
  if (!chapter) throw new RangeError(`chapter_index ${input.chapter_index} is outside the outline's ${input.outline.chapters.length} chapters`);
  return chapter;
}

export function buildChapterDraftRequest(input: ChapterDraftInput): StepRequest {
  const chapter = chapterOf(input);
  const { min, max } = lengthBounds(input.target_words);
  const lines = [
    `Write chapter ${input.chapter_index + 1} of the blog post "${input.outline.title}": "${chapter.title}".`,
    'Use input.source_slice as your only source; cover the chapter summary and key points.',
    'Do not repeat what the other chapters cover (input.sibling_summaries).',
    `heading: the chapter title. markdown: the chapter body in Markdown without the heading, ${min} to ${max} words; use ### for any subheading.`,
    ...styleLines(input),
  ];
  return {
    schemaName: 'chapter_draft',
    schema: CHAPTER_DRAFT_SCHEMA,
    system: CHAPTER_DRAFT_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), {
      outline_title: input.outline.title,
      chapter_index: input.chapter_index,
      chapter,
      sibling_summaries: input.sibling_summaries,
      source_slice: input.source_slice,
      target_words: input.target_words,
    }),
    temperature: 0.5,
    maxOutputTokens: Math.ceil(max * 2) + 200,
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

/** The outline's title is the heading (the user may have chosen it); the body is normalized, capped at +25% of the target and never empty. */
export function enforceChapterDraft(answer: unknown, input: ChapterDraftInput): ChapterDraft {
  const chapter = chapterOf(input);
  const fields = readObject(answer);
  const heading =
    cleanHeading(chapter.title, CHAPTER_TITLE_MAX_CHARS) || cleanHeading(readString(fields.heading), CHAPTER_TITLE_MAX_CHARS) || `Chapter ${input.chapter_index + 1}`;
  const { max } = lengthBounds(input.target_words);
  let markdown = trimMarkdownToWords(normalizeChapterBody(readString(fields.markdown), heading), max);
  if (markdown.length === 0) markdown = fallbackChapterBody(chapter);
  return { heading, markdown };
}

export async function runChapterDraftStep(model: ChatModel, input: ChapterDraftInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ChapterDraft> {
  chapterOf(input);
  const { output } = await model.generate<unknown>({ ...buildChapterDraftRequest(input), onCall, signal });
  return enforceChapterDraft(output, input);
}
