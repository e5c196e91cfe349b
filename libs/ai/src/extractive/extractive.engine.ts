import { performance } from 'node:perf_hooks';
import type { ChatModel, ModelUsage, StructuredRequest, StructuredResult } from '../models/chat-model.js';
import { ModelCallError } from '../models/chat-model.js';
import { type GivenOutline, type OutlineChapter, type OutlineOptions, type SeoOutlineHint, type TranscriptSegment } from '../steps/step.contracts.js';
import type { AvailableImage, ImageChapter } from '../steps/image.matcher.js';
import { PromptInputError, readInputBlock } from '../steps/prompt-input.codec.js';
import { readArray, readInteger, readObject, readString, readStrings } from '../steps/step-request.js';
import {
  writeChapterDraft,
  writeChapters,
  writeComposeSections,
  writeImagePlan,
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

type Writer = (input: Record<string, unknown>) => object;

/** Which output each schema name asks for, and how to read its `<input>` block. */
const WRITERS: Readonly<Record<string, Writer>> = {
  outline: (input) => writeOutline(readString(input.text), readOptions(input.options)),
  chapters: (input) => {
    const segments: TranscriptSegment[] | undefined = Array.isArray(input.segments)
      ? readArray(input.segments).map((value) => {
          const segment = readObject(value);
          return { start_s: Number(segment.start_s) || 0, dur_s: Number(segment.dur_s) || 0, text: readString(segment.text) };
        })
      : undefined;
    return writeChapters(readString(input.text), segments, readInteger(input.chapters_count));
  },
  seo: (input) => {
    const outline = readObject(input.outline);
    const hint: SeoOutlineHint | undefined = typeof outline.title === 'string' ? { title: outline.title } : undefined;
    return writeSeo(readString(input.text), hint);
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
  chapter_draft: (input) =>
    writeChapterDraft({
      chapter: readOutlineChapter(input.chapter),
      sibling_summaries: readStrings(input.sibling_summaries),
      source_slice: readString(input.source_slice),
      target_words: readInteger(input.target_words) ?? 250,
    }),
  compose: (input) =>
    writeComposeSections(readArray(readObject(input.outline).chapters).map(readOutlineChapter), readString(input.text), readInteger(input.target_words) ?? 1000),
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
