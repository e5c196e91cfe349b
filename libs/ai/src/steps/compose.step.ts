import { DomainError } from '@app/shared';
import { mapBounded } from '../concurrency.js';
import { cleanHeading } from '../extractive/heading.formatter.js';
import { pictureMarkup } from '../images/picture-markup.js';
import type { PostImage } from '../images/post-image.js';
import type { ChatModel, JsonSchema, ModelEngine } from '../models/chat-model.js';
import { enforceChapterDraft, fallbackChapterBody, normalizeChapterBody, runChapterDraftStep, siblingSummaries } from './chapter-draft.step.js';
import { type ChapterDraft } from './step.contracts.js';
import { chapterWordTarget, lengthNote, markdownWordCount, readingMinutes } from './length-policy.js';
import { CHAPTER_TITLE_MAX_CHARS, type GivenOutline, type Outline, type OutlineChapter } from './step.contracts.js';
import { renderPostHtml } from './post-html.renderer.js';
import { buildPrompt } from './prompt-input.codec.js';
import { sliceLimitFor, sliceSourceForChapter } from './source-slice.selector.js';
import { type OnModelCall, readArray, readObject, readString, type StepRequest, styleLines } from './step-request.js';

export const COMPOSE_STEP = 'blog.compose';
/** Chapter drafts written at once when composing from an outline. */
export const DRAFT_CONCURRENCY = 3;

export interface ComposeInput {
  outline?: Outline | GivenOutline;
  /** Chapters from chapters.organize; used when there is no outline. */
  chapters?: { title: string; summary?: string }[];
  /** Finished chapters: composing from them needs no model call. */
  drafts?: ChapterDraft[];
  /** The source, sliced per chapter when chapters must be drafted first. */
  text?: string;
  tone?: string;
  language?: string;
  /** Words the post should have (±25%). */
  length?: number;
  seo?: { title?: string; description?: string };
  /** Draft chapter by chapter (default) or ask for the whole post in one model call. */
  strategy?: 'per_chapter' | 'single_call';
  /** Chapter images (images.generate's output) to place as responsive <picture> markup. */
  images?: PostImage[];
}

export interface ComposeMeta {
  word_count: number;
  reading_minutes: number;
  chapters: number;
  engine: ModelEngine;
  /** Why the post missed the asked length, when it did. */
  length_note?: string;
}

export interface ComposeOutput {
  markdown: string;
  html: string;
  meta: ComposeMeta;
}

export const COMPOSE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sections'],
  properties: {
    sections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['heading', 'markdown'],
        properties: { heading: { type: 'string' }, markdown: { type: 'string' } },
      },
    },
  },
};

export const COMPOSE_SYSTEM =
  'You are a writer who turns an outline and source material into a complete blog post. You only state what the source supports. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

/** Nothing to compose from: the caller's input, so trying again cannot help. */
export class ComposeInputError extends DomainError {
  constructor(message: string) {
    super('bad_input', message);
    this.name = 'ComposeInputError';
  }
}

/** The outline a post is written from, whichever of outline or chapters was given. */
export function composeOutline(input: ComposeInput): Outline {
  const source = input.outline?.chapters.length ? input.outline.chapters : (input.chapters ?? []);
  const chapters: OutlineChapter[] = source.map((chapter) => ({
    title: chapter.title,
    summary: chapter.summary ?? '',
    key_points: 'key_points' in chapter && Array.isArray(chapter.key_points) ? chapter.key_points : [],
  }));
  const title = input.seo?.title || input.outline?.title || chapters[0]?.title || 'Untitled';
  return { title, chapters };
}

export function buildComposeRequest(input: ComposeInput): StepRequest {
  const outline = composeOutline(input);
  const total = input.length ?? chapterWordTarget(undefined, 1) * outline.chapters.length;
  const lines = [
    `Write the blog post "${outline.title}" with one section per chapter of input.outline, in that order.`,
    'heading: the chapter title. markdown: the section body without its heading; use ### for any subheading.',
    `The whole post has about ${total} words. Use input.text as your only source.`,
    ...styleLines(input),
  ];
  return {
    schemaName: 'compose',
    schema: COMPOSE_SCHEMA,
    system: COMPOSE_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), { outline, text: input.text ?? '', target_words: total }),
    temperature: 0.5,
    maxOutputTokens: Math.ceil(total * 2.5) + 400,
  };
}

async function draftChapters(model: ChatModel, input: ComposeInput, outline: Outline, onCall?: OnModelCall, signal?: AbortSignal): Promise<ChapterDraft[]> {
  const target = chapterWordTarget(input.length, outline.chapters.length);
  return mapBounded(outline.chapters, DRAFT_CONCURRENCY, (chapter, index) => {
    const slice = input.text ? sliceSourceForChapter(input.text, chapter, outline.chapters, sliceLimitFor(target)) : fallbackChapterBody(chapter);
    return runChapterDraftStep(
      model,
      {
        outline,
        chapter_index: index,
        sibling_summaries: siblingSummaries(outline, index),
        source_slice: slice,
        target_words: target,
        tone: input.tone,
        language: input.language,
      },
      onCall,
      signal,
    );
  });
}

async function composeInOneCall(model: ChatModel, input: ComposeInput, outline: Outline, onCall?: OnModelCall, signal?: AbortSignal): Promise<ChapterDraft[]> {
  const { output } = await model.generate<unknown>({ ...buildComposeRequest(input), onCall, signal });
  const sections = readArray(readObject(output).sections).map(readObject);
  const target = chapterWordTarget(input.length, outline.chapters.length);
  return outline.chapters.map((_, index) =>
    enforceChapterDraft(sections[index] ?? {}, { outline, chapter_index: index, sibling_summaries: [], source_slice: '', target_words: target }),
  );
}

/**
 * Puts the post together: `# title`, then exactly one `## ` heading per non-empty chapter (a chapter
 * without any text is left out), then the sanitized HTML.
 */
export function assemblePost(
  title: string,
  drafts: readonly ChapterDraft[],
  outline: Outline,
  engine: ModelEngine,
  length?: number,
  images: readonly PostImage[] = [],
): ComposeOutput {
  const pictures = new Map(images.flatMap((image) => {
    const markup = pictureMarkup(image);
    return markup ? [[image.chapter_index, { markup, placement: image.placement }] as const] : [];
  }));
  const sections: string[] = [];
  drafts.forEach((draft, index) => {
    const chapter = outline.chapters[index];
    const heading = cleanHeading(readString(draft.heading), CHAPTER_TITLE_MAX_CHARS) || cleanHeading(chapter?.title ?? '', CHAPTER_TITLE_MAX_CHARS) || `Chapter ${index + 1}`;
    let body = normalizeChapterBody(readString(draft.markdown), heading);
    if (body.length === 0 && chapter) body = fallbackChapterBody(chapter);
    if (body.length === 0) return;
    const picture = pictures.get(index);
    const parts = picture?.placement === 'before' ? [picture.markup, body] : picture ? [body, picture.markup] : [body];
    sections.push(`## ${heading}\n\n${parts.join('\n\n')}`);
  });
  if (sections.length === 0) throw new ComposeInputError('there is no chapter with any text to compose');
  const markdown = `# ${cleanHeading(title, 200) || 'Untitled'}\n\n${sections.join('\n\n')}\n`;
  const wordCount = markdownWordCount(markdown);
  const note = lengthNote(length, wordCount, engine);
  return {
    markdown,
    html: renderPostHtml(markdown),
    meta: { word_count: wordCount, reading_minutes: readingMinutes(wordCount), chapters: sections.length, engine, ...(note ? { length_note: note } : {}) },
  };
}

/** `blog.compose`: assembles drafts as given (no model call), or drafts each chapter of the outline first. */
export async function runComposeStep(model: ChatModel, input: ComposeInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ComposeOutput> {
  const outline = composeOutline(input);
  let drafts = input.drafts;
  if (!drafts || drafts.length === 0) {
    if (outline.chapters.length === 0) throw new ComposeInputError('compose needs drafts, an outline or chapters');
    drafts =
      input.strategy === 'single_call'
        ? await composeInOneCall(model, input, outline, onCall, signal)
        : await draftChapters(model, input, outline, onCall, signal);
  }
  return assemblePost(outline.title, drafts, outline, model.engine, input.length, input.images ?? []);
}
