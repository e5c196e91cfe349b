import { clampLine, cleanHeading } from '../extractive/heading.formatter.js';
import { writeChapters } from '../extractive/extractive.writer.js';
import { languageProfile } from '../language/language.profile.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { CHAPTER_TITLE_MAX_CHARS, MAX_CHAPTERS, SUMMARY_MAX_CHARS } from './step.contracts.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readArray, readInteger, readObject, readString, type StepRequest } from './step-request.js';
import { type TranscriptSegment, type Chapter } from './step.contracts.js';

export const CHAPTERS_STEP = 'chapters.organize';

export interface ChaptersInput {
  text: string;
  /** Timed transcript segments; when given, chapters are cut at segment boundaries and get start_s. */
  segments?: TranscriptSegment[];
  /** 1..20; exactly this many chapters (at most one per segment). */
  chapters_count?: number;
  /** The source's language (ISO 639-1), when known. */
  source_language?: string;
}

export interface ChaptersOutput {
  chapters: Chapter[];
}

export const CHAPTERS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['chapters'],
  properties: {
    chapters: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'summary', 'first_segment'],
        properties: {
          title: { type: 'string' },
          summary: { type: 'string' },
          first_segment: { type: ['integer', 'null'] },
        },
      },
    },
  },
};

export const CHAPTERS_SYSTEM =
  'You are an editor who divides long texts and video transcripts into chapters. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

export function chapterCountFor(input: ChaptersInput): number | undefined {
  if (input.chapters_count === undefined) return undefined;
  const count = Math.min(MAX_CHAPTERS, Math.max(1, Math.round(input.chapters_count)));
  return input.segments && input.segments.length > 0 ? Math.min(count, input.segments.length) : count;
}

export function buildChaptersRequest(input: ChaptersInput): StepRequest {
  const count = chapterCountFor(input);
  const hasSegments = input.segments !== undefined && input.segments.length > 0;
  const lines = [
    'Divide the source into consecutive chapters that follow its order; give each a short title (a noun phrase or short claim in the source\'s words, no trailing punctuation) and a one or two sentence summary.',
    count !== undefined ? `Make exactly ${count} chapters.` : 'Make as many chapters as the topics need, usually one per 300 to 600 words.',
    hasSegments
      ? 'The source is a timed transcript: input.segments lists its segments with their index i. For each chapter, first_segment is the index of the segment where the chapter starts; the first chapter starts at 0 and indexes increase.'
      : 'Set first_segment to null.',
  ];
  const language = input.source_language ? { source_language: input.source_language } : {};
  const block = hasSegments
    ? { segments: (input.segments ?? []).map((segment, i) => ({ i, start_s: segment.start_s, text: segment.text })), chapters_count: count, ...language }
    : { text: input.text, chapters_count: count, ...language };
  return {
    schemaName: 'chapters',
    schema: CHAPTERS_SCHEMA,
    system: CHAPTERS_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), block),
    temperature: 0.2,
    maxOutputTokens: 300 + 120 * (count ?? 12),
  };
}

/**
 * Holds a model's chapters to the rules: titled, at most 20 (or exactly chapters_count, filled from
 * an extractive split when short) and, with segments, strictly increasing first segments starting at 0,
 * each turned into the start_s of that segment.
 */
export function enforceChapters(answer: unknown, input: ChaptersInput): ChaptersOutput {
  const segments = input.segments ?? [];
  const count = chapterCountFor(input);
  let chapters = readArray(readObject(answer).chapters).map((value) => {
    const chapter = readObject(value);
    const summary = clampLine(readString(chapter.summary), SUMMARY_MAX_CHARS);
    return {
      title: cleanHeading(readString(chapter.title), CHAPTER_TITLE_MAX_CHARS) || cleanHeading(summary.split(' ').slice(0, 8).join(' ')),
      summary,
      first: readInteger(chapter.first_segment),
    };
  });
  chapters = chapters.filter((chapter) => chapter.title.length > 0).slice(0, count ?? MAX_CHAPTERS);

  const wanted = count ?? (chapters.length > 0 ? chapters.length : undefined);
  if (wanted === undefined || chapters.length < wanted) {
    const fallback = readArray(writeChapters(input.text, input.segments, wanted, languageProfile(input.source_language)).chapters).map((value) => {
      const chapter = readObject(value);
      return { title: readString(chapter.title), summary: readString(chapter.summary), first: readInteger(chapter.first_segment) };
    });
    chapters = chapters.length === 0 ? fallback : [...chapters, ...fallback.slice(chapters.length)].slice(0, wanted);
  }

  if (segments.length === 0) return { chapters: chapters.map(({ title, summary }) => ({ title, summary })) };

  const result: Chapter[] = [];
  let previous = -1;
  chapters.forEach((chapter, i) => {
    const remaining = chapters.length - i - 1;
    const evenly = Math.floor((i * segments.length) / chapters.length);
    let first = i === 0 ? 0 : (chapter.first ?? evenly);
    first = Math.max(first, previous + 1);
    first = Math.min(first, segments.length - 1 - remaining);
    if (first <= previous || first < 0) return;
    previous = first;
    result.push({ title: chapter.title, summary: chapter.summary, start_s: segments[first]?.start_s ?? 0 });
  });
  return { chapters: result };
}

export async function runChaptersStep(model: ChatModel, input: ChaptersInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ChaptersOutput> {
  const { output } = await model.generate<unknown>({ ...buildChaptersRequest(input), onCall, signal });
  return enforceChapters(output, input);
}
