import { performance } from 'node:perf_hooks';
import { detectLanguage } from '../language/language.detector.js';
import { type LanguageProfile, languageProfile } from '../language/language.profile.js';
import type { ChatModel, ModelUsage, StructuredRequest, StructuredResult } from '../models/chat-model.js';
import { ModelCallError } from '../models/chat-model.js';
import { type GivenOutline, type OutlineChapter, type OutlineOptions, type SeoOutlineHint, type TranscriptSegment } from '../steps/step.contracts.js';
import type { AvailableImage, ImageChapter } from '../steps/image.matcher.js';
import { PromptInputError, readInputBlock } from '../steps/prompt-input.codec.js';
import { readArray, readInteger, readObject, readString, readStrings } from '../steps/step-request.js';
import { parseNumberedSource } from '../writing/numbered-source.js';
import {
  writeChapterDraft,
  writeChapters,
  writeComposeSections,
  writeImagePlan,
  writeIntroConclusion,
  writeOutline,
  writeSeo,
} from './extractive.writer.js';

/** Rough token count for usage records: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function readOutlineChapter(value: unknown): OutlineChapter {
  const chapter = readObject(value);
  return { title: readString(chapter.title), summary: readString(chapter.summary), key_points: readStrings(chapter.key_points) };
}

function readOptions(value: unknown): OutlineOptions {
  const options = readObject(value);
  const given = readObject(options.outline);
  const outline: GivenOutline | undefined = Array.isArray(given.chapters)
    ? { title: readString(given.title) || undefined, chapters: readArray(given.chapters).map(readOutlineChapter) }
    : undefined;
  return { chapters_count: readInteger(options.chapters_count), outline };
}

/** The source language the step named, else the one its text is in. */
function profileOf(input: Record<string, unknown>, text: string): LanguageProfile {
  const named = readString(input.source_language);
  return languageProfile(named || detectLanguage(text));
}

function readSiblings(value: unknown): { title: string; key_points: string[] }[] {
  return readArray(value).map((entry) => {
    const sibling = readObject(entry);
    return { title: readString(sibling.title), key_points: readStrings(sibling.key_points) };
  });
}

type Writer = (input: Record<string, unknown>) => object;

/** Which output each schema name asks for, and how to read its `<input>` block. */
const WRITERS: Readonly<Record<string, Writer>> = {
  outline: (input) => {
    const text = readString(input.text);
    return writeOutline(text, readOptions(input.options), profileOf(input, text));
  },
  chapters: (input) => {
    const segments: TranscriptSegment[] | undefined = Array.isArray(input.segments)
      ? readArray(input.segments).map((value) => {
          const segment = readObject(value);
          return { start_s: Number(segment.start_s) || 0, dur_s: Number(segment.dur_s) || 0, text: readString(segment.text) };
        })
      : undefined;
    const text = readString(input.text) || (segments ?? []).map((segment) => segment.text).join(' ');
    return writeChapters(readString(input.text), segments, readInteger(input.chapters_count), profileOf(input, text));
  },
  seo: (input) => {
    const outline = readObject(input.outline);
    const hint: SeoOutlineHint | undefined = typeof outline.title === 'string' ? { title: outline.title } : undefined;
    const text = readString(input.text);
    return writeSeo(text, hint, profileOf(input, text));
  },
  image_plan: (input) => {
    const chapters: ImageChapter[] = readArray(input.chapters).map((value) => {
      const chapter = readObject(value);
      return { title: readString(chapter.title), summary: readString(chapter.summary) };
    });
    const images: AvailableImage[] = readArray(input.available_images).map((value) => {
      const image = readObject(value);
      return { id: readString(image.id), name: readString(image.name), alt: readString(image.alt) || undefined };
    });
    return writeImagePlan(chapters, images);
  },
  chapter_draft: (input) => {
    const source = parseNumberedSource(readString(input.source));
    const draft = writeChapterDraft(
      {
        chapter: readOutlineChapter(input.chapter),
        siblings: readSiblings(input.siblings),
        source,
        target_words: readInteger(input.target_words) ?? 250,
        avoid: readStrings(input.avoid),
        audience: readString(input.audience) || undefined,
      },
      profileOf(input, source.map((sentence) => sentence.text).join(' ')),
    );
    return { heading: draft.heading, paragraphs: draft.paragraphs ?? [] };
  },
  intro_conclusion: (input) => {
    const opening = parseNumberedSource(readString(input.opening));
    const closing = parseNumberedSource(readString(input.closing));
    return writeIntroConclusion(
      { chapters: readSiblings(input.chapters), opening, closing },
      profileOf(input, [...opening, ...closing].map((sentence) => sentence.text).join(' ')),
    );
  },
  compose: (input) => {
    const source = parseNumberedSource(readString(input.source));
    const profile = profileOf(input, source.map((sentence) => sentence.text).join(' '));
    const chapters = readArray(readObject(input.outline).chapters).map(readOutlineChapter);
    const targetWords = readInteger(input.target_words) ?? 1000;
    // The first and last sentences open and close the post; the chapters share the rest.
    const framed = source.length >= 3 ? Math.min(2, Math.max(1, Math.round(source.length * 0.1))) : 0;
    const sections = writeComposeSections(chapters, source.slice(framed, source.length - framed), targetWords, profile).sections;
    const framing = writeIntroConclusion({ chapters, opening: source.slice(0, framed), closing: framed > 0 ? source.slice(-framed) : [] }, profile);
    return { introduction: framing.introduction, sections, conclusion: framing.conclusion };
  },
};

export const EXTRACTIVE_SCHEMA_NAMES: readonly string[] = Object.keys(WRITERS);

/**
 * The offline engine: no model, no key, no network. It answers each step's schema from the
 * source text in the prompt's `<input>` block (sentence ranking, key phrases), deterministically.
 */
export class ExtractiveEngine implements ChatModel {
  readonly engine = 'extractive' as const;
  readonly model = 'extractive-v1';

  async generate<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    const started = performance.now();
    if (request.signal?.aborted) throw new ModelCallError('timeout', 'the request was aborted before it started');
    const write = Object.hasOwn(WRITERS, request.schemaName) ? WRITERS[request.schemaName] : undefined;
    if (!write) throw new ModelCallError('provider_error', `the extractive engine cannot write the schema '${request.schemaName}'`);
    let input: Record<string, unknown>;
    try {
      input = readInputBlock(request.prompt);
    } catch (error) {
      if (error instanceof PromptInputError) throw new ModelCallError('provider_error', `extractive engine: ${error.message}`);
      throw error;
    }
    const output = write(input);
    const usage: ModelUsage = {
      engine: this.engine,
      model: this.model,
      tokensIn: estimateTokens(request.system) + estimateTokens(request.prompt),
      tokensOut: estimateTokens(JSON.stringify(output)),
      latencyMs: Math.round(performance.now() - started),
    };
    await request.onCall?.({ ...usage, used: true });
    return { output: output as T, usage };
  }
}
