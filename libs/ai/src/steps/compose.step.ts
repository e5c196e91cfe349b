import { DomainError } from '@app/shared';
import { mapBounded } from '../concurrency.js';
import { cleanHeading } from '../extractive/heading.formatter.js';
import { pictureMarkup } from '../images/picture-markup.js';
import type { PostImage } from '../images/post-image.js';
import type { ChatModel, JsonSchema, ModelEngine } from '../models/chat-model.js';
import { planChapters } from '../writing/chapter-plan.js';
import { numberedSource } from '../writing/numbered-source.js';
import { citationSourceOf, type PostCitations, resolveCitations } from '../writing/post-citations.js';
import { planSource } from '../writing/source-plan.js';
import { writingLanguage } from '../writing/writing-language.js';
import { fallbackChapterBody, normalizeChapterBody, readCitedParagraphs, outlineCoverage, runChapterDraftStep, siblingChapters, trimParagraphsToWords } from './chapter-draft.step.js';
import { conclusionHeadingFor, FRAMING_WORDS, runIntroConclusionStep } from './intro-conclusion.step.js';
import { chapterWordTarget, lengthBounds, lengthNote, markdownWordCount, readingMinutes } from './length-policy.js';
import { renderPostHtml } from './post-html.renderer.js';
import { buildPrompt } from './prompt-input.codec.js';
import { sliceLimitFor } from './source-slice.selector.js';
import { type OnModelCall, readArray, readObject, readString, type StepRequest, styleLines } from './step-request.js';
import {
  type ChapterDraft,
  CHAPTER_TITLE_MAX_CHARS,
  type CitedParagraph,
  type GivenOutline,
  type IntroConclusion,
  type Outline,
  type OutlineChapter,
  type StyleOptions,
} from './step.contracts.js';

export const COMPOSE_STEP = 'blog.compose';
/** Chapter drafts written at once when composing from an outline. */
export const DRAFT_CONCURRENCY = 3;

export interface ComposeInput extends StyleOptions {
  outline?: Outline | GivenOutline;
  /** Chapters from chapters.organize; used when there is no outline. */
  chapters?: { title: string; summary?: string }[];
  /** Finished chapters: composing from them needs no model call. */
  drafts?: ChapterDraft[];
  /** A finished introduction and conclusion to place around the drafts. */
  framing?: IntroConclusion;
  /** The source: cleaned, numbered and dealt out to the chapters when they must be drafted first. */
  text?: string;
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
  /** The language the post is written in (ISO 639-1 when known). */
  language?: string;
  /** Why the post missed the asked length, when it did. */
  length_note?: string;
  /** What the post could not follow of what was asked (an option the engine cannot apply, fewer chapters than asked …). */
  warnings?: string[];
}

export interface ComposeOutput {
  markdown: string;
  html: string;
  meta: ComposeMeta;
  /** Each paragraph's source spans, when composed from a source text. */
  citations?: PostCitations;
}

const PARAGRAPHS: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['markdown', 'sources'],
    properties: { markdown: { type: 'string' }, sources: { type: 'array', items: { type: 'integer' } } },
  },
};

export const COMPOSE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['introduction', 'sections', 'conclusion'],
  properties: {
    introduction: PARAGRAPHS,
    sections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['heading', 'paragraphs'],
        properties: { heading: { type: 'string' }, paragraphs: PARAGRAPHS },
      },
    },
    conclusion: {
      type: 'object',
      additionalProperties: false,
      required: ['heading', 'paragraphs'],
      properties: { heading: { type: 'string' }, paragraphs: PARAGRAPHS },
    },
  },
};

export const COMPOSE_SYSTEM =
  'You are a writer who turns an outline and source material into a complete blog post. You only state what the source supports, and you say which source sentences each paragraph comes from. ' +
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

/** Words the introduction and conclusion get of a post of `length` words. */
export function framingWords(length: number | undefined): number {
  return length === undefined ? FRAMING_WORDS : Math.max(40, Math.round(Math.min(FRAMING_WORDS, length * 0.2)));
}

/** Words each chapter gets once the introduction and conclusion have theirs. */
export function chapterTargetFor(length: number | undefined, chapters: number): number {
  return chapterWordTarget(length === undefined ? undefined : length - framingWords(length), chapters);
}

export function buildComposeRequest(input: ComposeInput & { source?: string; source_language?: string }): StepRequest {
  const outline = composeOutline(input);
  const total = input.length ?? chapterWordTarget(undefined, 1) * outline.chapters.length + FRAMING_WORDS;
  const lines = [
    `Write the blog post "${outline.title}": an introduction that tells the reader what the post covers, one section per chapter of input.outline in that order, and a conclusion (with a short heading) that sums up without copying a chapter.`,
    'Use input.source as your only source: its sentences are numbered ([12] …). Give each section to its own part of the source and never repeat a sentence or point in two sections.',
    'Answer paragraph by paragraph: markdown is the text (use ### for any subheading), sources the numbers of the sentences it is based on.',
    `The whole post has about ${total} words. Write prose: no greetings, fillers or stage directions.`,
    ...styleLines(input),
  ];
  return {
    schemaName: 'compose',
    schema: COMPOSE_SCHEMA,
    system: COMPOSE_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), {
      outline,
      source: input.source ?? '',
      target_words: total,
      ...(input.source_language ? { source_language: input.source_language } : {}),
    }),
    temperature: 0.5,
    maxOutputTokens: Math.ceil(total * 2.5) + 400,
  };
}

/**
 * Puts the post together: `# title`, the introduction, exactly one `## ` heading per non-empty
 * chapter (a chapter without any text is left out), the conclusion under its own `## ` heading,
 * then the sanitized HTML.
 */
export function assemblePost(post: {
  title: string;
  drafts: readonly ChapterDraft[];
  outline: Outline;
  engine: ModelEngine;
  length?: number;
  images?: readonly PostImage[];
  framing?: IntroConclusion;
  language?: string;
  warnings?: readonly string[];
}): ComposeOutput {
  const pictures = new Map(
    (post.images ?? []).flatMap((image) => {
      const markup = pictureMarkup(image);
      return markup ? [[image.chapter_index, { markup, placement: image.placement }] as const] : [];
    }),
  );
  const sections: string[] = [];
  post.drafts.forEach((draft, index) => {
    const chapter = post.outline.chapters[index];
    const heading = cleanHeading(readString(draft.heading), CHAPTER_TITLE_MAX_CHARS) || cleanHeading(chapter?.title ?? '', CHAPTER_TITLE_MAX_CHARS) || `Chapter ${index + 1}`;
    let body = normalizeChapterBody(readString(draft.markdown), heading);
    if (body.length === 0 && chapter) body = fallbackChapterBody(chapter);
    if (body.length === 0) return;
    const picture = pictures.get(index);
    const parts = picture?.placement === 'before' ? [picture.markup, body] : picture ? [body, picture.markup] : [body];
    sections.push(`## ${heading}\n\n${parts.join('\n\n')}`);
  });
  if (sections.length === 0) throw new ComposeInputError('there is no chapter with any text to compose');
  const chapterCount = sections.length;
  const introduction = (post.framing?.introduction ?? []).map((paragraph) => paragraph.markdown).join('\n\n');
  const conclusion = (post.framing?.conclusion.paragraphs ?? []).map((paragraph) => paragraph.markdown).join('\n\n');
  if (conclusion) sections.push(`## ${cleanHeading(post.framing?.conclusion.heading ?? '', CHAPTER_TITLE_MAX_CHARS) || 'Conclusion'}\n\n${conclusion}`);
  const markdown = `# ${cleanHeading(post.title, 200) || 'Untitled'}\n\n${introduction ? `${introduction}\n\n` : ''}${sections.join('\n\n')}\n`;
  const wordCount = markdownWordCount(markdown);
  const note = lengthNote(post.length, wordCount, post.engine);
  return {
    markdown,
    html: renderPostHtml(markdown),
    meta: {
      word_count: wordCount,
      reading_minutes: readingMinutes(wordCount),
      chapters: chapterCount,
      engine: post.engine,
      ...(post.language ? { language: post.language } : {}),
      ...(note ? { length_note: note } : {}),
      ...(post.warnings && post.warnings.length > 0 ? { warnings: [...post.warnings] } : {}),
    },
  };
}

/** Options the extractive engine cannot apply, said instead of silently ignored. */
export function unappliedOptions(engine: ModelEngine, options: StyleOptions): string[] {
  if (engine !== 'extractive') return [];
  const warnings: string[] = [];
  if (options.tone) warnings.push(`tone "${options.tone}" was not applied: the extractive engine reuses the source's own sentences`);
  if (options.brand_voice) warnings.push(`brand voice "${options.brand_voice.name}" was not applied: the extractive engine reuses the source's own sentences`);
  return warnings;
}

interface ComposedParts {
  drafts: ChapterDraft[];
  framing?: IntroConclusion;
}

/** Drafts every chapter of the outline from its own part of the source (and the introduction and conclusion), with the per-chapter step. */
async function draftPost(model: ChatModel, input: ComposeInput, outline: Outline, onCall?: OnModelCall, signal?: AbortSignal): Promise<ComposedParts & { sentences?: ReturnType<typeof planSource>['sentences'] }> {
  const target = chapterTargetFor(input.length, outline.chapters.length);
  if (!input.text) {
    const drafts = await mapBounded(outline.chapters, DRAFT_CONCURRENCY, async (chapter, index) => {
      const own = planSource(fallbackChapterBody(chapter) || chapter.title);
      const draft = await runChapterDraftStep(
        model,
        { ...styleOf(input), outline, chapter_index: index, siblings: siblingChapters(outline, index), source_slice: numberedSource(own.sentences), target_words: target },
        onCall,
        signal,
      );
      // Written from the outline alone: there is no source to cite.
      return { ...draft, paragraphs: draft.paragraphs?.map((paragraph) => ({ ...paragraph, sources: [] })) };
    });
    return { drafts };
  }
  const plan = planSource(input.text);
  const language = writingLanguage(model.engine, input.language, plan.language);
  const dealt = planChapters(plan, outline.chapters, sliceLimitFor(target));
  const style = { ...styleOf(input), language: language.requested, source_language: plan.language };
  const [drafts, framing] = await Promise.all([
    mapBounded(outline.chapters, DRAFT_CONCURRENCY, (_, index) =>
      runChapterDraftStep(
        model,
        { ...style, outline, chapter_index: index, siblings: siblingChapters(outline, index), source_slice: dealt.slices[index] ?? '', target_words: target },
        onCall,
        signal,
      ),
    ),
    runIntroConclusionStep(
      model,
      {
        ...style,
        title: outline.title,
        chapters: outlineCoverage(outline),
        opening: dealt.opening,
        closing: dealt.closing,
        target_words: framingWords(input.length),
      },
      onCall,
      signal,
    ),
  ]);
  return { drafts, framing, sentences: plan.sentences };
}

function styleOf(input: ComposeInput): StyleOptions {
  return { tone: input.tone, audience: input.audience, language: input.language, brand_voice: input.brand_voice };
}

function readParagraphs(value: unknown, allowed: ReadonlySet<number>, maxWords: number): CitedParagraph[] {
  return trimParagraphsToWords(readCitedParagraphs(value, '', allowed), maxWords);
}

/** The whole post in one model call: introduction, sections and conclusion, each held to the same rules as when written step by step. */
async function composeInOneCall(model: ChatModel, input: ComposeInput, outline: Outline, onCall?: OnModelCall, signal?: AbortSignal): Promise<ComposedParts & { sentences?: ReturnType<typeof planSource>['sentences'] }> {
  const plan = input.text ? planSource(input.text) : undefined;
  const language = plan ? writingLanguage(model.engine, input.language, plan.language) : { requested: input.language };
  const { output } = await model.generate<unknown>({
    ...buildComposeRequest({ ...input, language: language.requested, source: plan ? numberedSource(plan.sentences) : '', source_language: plan?.language }),
    onCall,
    signal,
  });
  const answer = readObject(output);
  const sections = readArray(answer.sections).map(readObject);
  const allowed = new Set((plan?.sentences ?? []).map((sentence) => sentence.n));
  const target = chapterTargetFor(input.length, outline.chapters.length);
  const { max } = lengthBounds(target);
  const drafts = outline.chapters.map((chapter, index) => {
    const heading = cleanHeading(chapter.title, CHAPTER_TITLE_MAX_CHARS) || `Chapter ${index + 1}`;
    const paragraphs = readParagraphs(sections[index]?.paragraphs, allowed, max);
    return { heading, markdown: paragraphs.map((paragraph) => paragraph.markdown).join('\n\n'), paragraphs };
  });
  const conclusion = readObject(answer.conclusion);
  const framingMax = lengthBounds(framingWords(input.length)).max;
  const framing: IntroConclusion = {
    introduction: readParagraphs(answer.introduction, allowed, framingMax),
    conclusion: {
      heading: cleanHeading(readString(conclusion.heading), CHAPTER_TITLE_MAX_CHARS) || conclusionHeadingFor({ language: input.language, source_language: plan?.language }),
      paragraphs: readParagraphs(conclusion.paragraphs, allowed, framingMax),
    },
  };
  return { drafts, framing, sentences: plan?.sentences };
}

/** `blog.compose`: assembles drafts as given (no model call), or drafts the post from the outline and source first. */
export async function runComposeStep(model: ChatModel, input: ComposeInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ComposeOutput> {
  const outline = composeOutline(input);
  let parts: ComposedParts & { sentences?: ReturnType<typeof planSource>['sentences'] } = { drafts: input.drafts ?? [], framing: input.framing };
  if (!input.drafts || input.drafts.length === 0) {
    if (outline.chapters.length === 0) throw new ComposeInputError('compose needs drafts, an outline or chapters');
    parts = input.strategy === 'single_call' ? await composeInOneCall(model, input, outline, onCall, signal) : await draftPost(model, input, outline, onCall, signal);
  }
  const composed = assemblePost({
    title: outline.title,
    drafts: parts.drafts,
    outline,
    engine: model.engine,
    length: input.length,
    images: input.images ?? [],
    framing: parts.framing,
    warnings: unappliedOptions(model.engine, styleOf(input)),
  });
  if (!parts.sentences) return composed;
  return { ...composed, citations: resolveCitations(parts.sentences, parts, citationSourceOf({ sourceType: 'text' }, {})) };
}

