import { clampLine, cleanHeading } from '../extractive/heading.formatter.js';
import { givenOutline, outlineTitle, writeOutlineChapters } from '../extractive/extractive.writer.js';
import { trimDangling } from '../extractive/heading.writer.js';
import { languageCode } from '../language/language-names.js';
import { type LanguageProfile, languageProfile } from '../language/language.profile.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readArray, readObject, readString, readStrings, type StepRequest, styleLines } from './step-request.js';
import { type OutlineChapter, type OutlineOptions, type OutlineOutput, MIN_CHAPTERS, MAX_CHAPTERS, MAX_KEY_POINTS, CHAPTER_TITLE_MAX_CHARS, SUMMARY_MAX_CHARS, KEY_POINT_MAX_CHARS } from './step.contracts.js';

export const OUTLINE_STEP = 'outline.generate';

export interface OutlineInput {
  text: string;
  options?: OutlineOptions;
  /** The source's language (ISO 639-1), when known. */
  source_language?: string;
}

export const OUTLINE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outline'],
  properties: {
    outline: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'chapters'],
      properties: {
        title: { type: 'string' },
        chapters: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['title', 'summary', 'key_points'],
            properties: {
              title: { type: 'string' },
              summary: { type: 'string' },
              key_points: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

export const OUTLINE_SYSTEM =
  'You are an editor who plans blog posts from source material. You only use facts found in the source. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

/** The number of chapters the outline must have, if fixed. */
export function requiredChapterCount(options: OutlineOptions | undefined): number | undefined {
  const given = givenOutline(options);
  if (given) return Math.min(MAX_CHAPTERS, given.chapters.length);
  if (options?.chapters_count === undefined) return undefined;
  return Math.min(MAX_CHAPTERS, Math.max(MIN_CHAPTERS, Math.round(options.chapters_count)));
}

export function buildOutlineRequest(input: OutlineInput): StepRequest {
  const options = input.options ?? {};
  const count = requiredChapterCount(options);
  const lines = [
    'Plan a blog post based on the source text in the input.',
    'Give the post a title of at most 60 characters that reads as a title: a noun phrase or a short claim in the source\'s own words.',
    'For each chapter: a short title (a noun phrase or short claim from the source\'s wording, never two keywords joined by "and", no trailing punctuation), a one or two sentence summary and two to five key points.',
    'Chapters follow the order of the source, cover different parts of it and do not overlap.',
    count !== undefined
      ? `The outline has exactly ${count} chapters.`
      : `The outline has between 1 and ${Math.min(8, options.max_chapters ?? 8)} chapters, as the source needs (fewer for a short source).`,
    ...(options.outline ? ['Keep the chapters of options.outline, in its order and with its titles unchanged; fill in what is missing.'] : []),
    ...(options.length ? [`The finished post will have about ${options.length} words.`] : []),
    ...styleLines({ ...options, source_language: input.source_language }),
  ];
  const { brand_voice: _voice, ...shown } = options;
  return {
    schemaName: 'outline',
    schema: OUTLINE_SCHEMA,
    system: OUTLINE_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), {
      text: input.text,
      options: { ...shown, chapters_count: count },
      ...(input.source_language ? { source_language: input.source_language } : {}),
    }),
    temperature: 0.3,
    maxOutputTokens: 400 + 180 * (count ?? 8),
  };
}

function readChapter(value: unknown, profile?: LanguageProfile): OutlineChapter {
  const chapter = readObject(value);
  const title = cleanHeading(readString(chapter.title), CHAPTER_TITLE_MAX_CHARS);
  return {
    title: profile ? trimDangling(title, profile) : title,
    summary: clampLine(readString(chapter.summary), SUMMARY_MAX_CHARS),
    key_points: [...new Set(readStrings(chapter.key_points).map((point) => clampLine(point, KEY_POINT_MAX_CHARS)))].slice(0, MAX_KEY_POINTS),
  };
}

/**
 * Holds a model's outline to the hard rules: exactly the required number of chapters (missing
 * ones are filled from an extractive outline of the source), a given outline's titles and order
 * kept, no chapter without a title, bounded lengths.
 */
export function enforceOutline(answer: unknown, input: OutlineInput): OutlineOutput {
  const options = input.options ?? {};
  const outline = readObject(readObject(answer).outline);
  // Headings never stop on a function word ("My Name Is Dana and"), in the language they are written in.
  const written = languageProfile(languageCode(options.language) ?? input.source_language);
  let chapters = readArray(outline.chapters)
    .map((value) => readChapter(value, written))
    .map((chapter) => ({ ...chapter, title: chapter.title || cleanHeading(chapter.summary.split(' ').slice(0, 8).join(' '), CHAPTER_TITLE_MAX_CHARS) }))
    .filter((chapter) => chapter.title.length > 0);
  const count = requiredChapterCount(options);
  let title = trimDangling(cleanHeading(readString(outline.title), CHAPTER_TITLE_MAX_CHARS), written);

  const given = givenOutline(options);
  if (given) {
    chapters = given.chapters.slice(0, MAX_CHAPTERS).map((givenChapter, i) => {
      const written = chapters[i];
      const own = readChapter(givenChapter);
      return {
        title: own.title || written?.title || `Chapter ${i + 1}`,
        summary: written?.summary || own.summary,
        key_points: written && written.key_points.length > 0 ? written.key_points : own.key_points,
      };
    });
    title = cleanHeading(given.title ?? '', CHAPTER_TITLE_MAX_CHARS) || title;
  }

  const wanted = count ?? (chapters.length === 0 ? undefined : Math.min(MAX_CHAPTERS, options.max_chapters ?? MAX_CHAPTERS, chapters.length));
  if (wanted === undefined || chapters.length < wanted || title.length === 0) {
    const fallbackOptions = { ...options, chapters_count: wanted ?? options.chapters_count };
    const profile = languageProfile(input.source_language);
    const fallback = writeOutlineChapters(input.text, fallbackOptions, profile);
    const used = new Set(chapters.map((chapter) => chapter.title.toLowerCase()));
    for (const extra of fallback) {
      if (wanted !== undefined && chapters.length >= wanted) break;
      if (wanted === undefined && chapters.length >= fallback.length) break;
      if (used.has(extra.title.toLowerCase())) continue;
      chapters.push(extra);
      used.add(extra.title.toLowerCase());
    }
    for (let i = chapters.length; wanted !== undefined && i < wanted; i += 1) {
      chapters.push({ title: `Part ${i + 1}`, summary: '', key_points: [] });
    }
    if (title.length === 0) title = outlineTitle(input.text, fallbackOptions, fallback, profile);
  }
  return { outline: { title, chapters: wanted !== undefined ? chapters.slice(0, wanted) : chapters } };
}

export async function runOutlineStep(model: ChatModel, input: OutlineInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<OutlineOutput> {
  const { output } = await model.generate<unknown>({ ...buildOutlineRequest(input), onCall, signal });
  return enforceOutline(output, input);
}
