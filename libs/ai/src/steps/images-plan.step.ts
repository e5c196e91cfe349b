import { clampLine } from '../extractive/heading.formatter.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { type AvailableImage, type ImageChapter, matchImagesToChapters } from './image.matcher.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readArray, readInteger, readObject, readString, type StepRequest } from './step-request.js';

export const IMAGES_PLAN_STEP = 'images.plan';
export const IMAGE_PROMPT_MAX_CHARS = 500;
export const ALT_TEXT_MAX_CHARS = 125;

export type ImagePlacement = 'before' | 'after';

export interface ImagePlanInput {
  chapters: ImageChapter[];
  available_images?: AvailableImage[];
}

export interface PlannedImage {
  chapter_index: number;
  /** What to generate when no available image is used. */
  prompt: string;
  alt_text: string;
  placement: ImagePlacement;
  /** An available image chosen for this chapter. */
  media_id?: string;
}

export interface ImagePlanOutput {
  images: PlannedImage[];
}

export interface ImagePlanAnswer {
  images: { chapter_index: number; prompt: string; alt_text: string; placement: ImagePlacement; media_id: string | null }[];
}

export const IMAGE_PLAN_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['images'],
  properties: {
    images: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['chapter_index', 'prompt', 'alt_text', 'placement', 'media_id'],
        properties: {
          chapter_index: { type: 'integer' },
          prompt: { type: 'string' },
          alt_text: { type: 'string' },
          placement: { type: 'string', enum: ['before', 'after'] },
          media_id: { type: ['string', 'null'] },
        },
      },
    },
  },
};

export const IMAGE_PLAN_SYSTEM =
  'You are a photo editor who plans one illustration per chapter of a blog post. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

export function buildImagePlanRequest(input: ImagePlanInput): StepRequest {
  const lines = [
    'Plan one image for each chapter in input.chapters (chapter_index is its position, from 0).',
    'prompt: a concrete description for an image generator, no text in the image. alt_text: what the image shows, for screen readers, at most 125 characters.',
    'placement: "before" or "after" the chapter text.',
    'media_id: the id of an image from input.available_images that clearly fits the chapter, or null. Use each available image at most once.',
  ];
  return {
    schemaName: 'image_plan',
    schema: IMAGE_PLAN_SCHEMA,
    system: IMAGE_PLAN_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), { chapters: input.chapters, available_images: input.available_images ?? [] }),
    temperature: 0.4,
    maxOutputTokens: 200 + 160 * input.chapters.length,
  };
}

export function defaultImagePrompt(chapter: ImageChapter): string {
  const about = chapter.summary ? ` ${clampLine(chapter.summary, 240)}` : '';
  return clampLine(`Editorial photograph illustrating "${chapter.title}".${about} Natural light, no text.`, IMAGE_PROMPT_MAX_CHARS);
}

export function defaultAltText(chapter: ImageChapter): string {
  return clampLine(`Illustration for ${chapter.title}`, ALT_TEXT_MAX_CHARS);
}

/**
 * One image per chapter, in chapter order: chapter indexes in range, bounded texts, a media_id only
 * when it names an available image not used elsewhere; chapters the model gave no image get the
 * deterministic token-overlap match.
 */
export function enforceImagePlan(answer: unknown, input: ImagePlanInput): ImagePlanOutput {
  const available = input.available_images ?? [];
  const knownIds = new Set(available.map((image) => image.id));
  const byChapter = new Map<number, PlannedImage>();
  const usedMedia = new Set<string>();
  for (const value of readArray(readObject(answer).images)) {
    const item = readObject(value);
    const index = readInteger(item.chapter_index);
    const chapter = index === undefined ? undefined : input.chapters[index];
    if (index === undefined || chapter === undefined || byChapter.has(index)) continue;
    const mediaId = readString(item.media_id);
    const image: PlannedImage = {
      chapter_index: index,
      prompt: clampLine(readString(item.prompt), IMAGE_PROMPT_MAX_CHARS) || defaultImagePrompt(chapter),
      alt_text: clampLine(readString(item.alt_text), ALT_TEXT_MAX_CHARS) || defaultAltText(chapter),
      placement: item.placement === 'after' ? 'after' : 'before',
    };
    if (knownIds.has(mediaId) && !usedMedia.has(mediaId)) {
      image.media_id = mediaId;
      usedMedia.add(mediaId);
    }
    byChapter.set(index, image);
  }

  const unusedImages = available.filter((image) => !usedMedia.has(image.id));
  const openChapters = input.chapters.map((_, i) => i).filter((i) => byChapter.get(i)?.media_id === undefined);
  // A chapter is matched by its title and summary, and by what the plan says its image shows.
  const matches = matchImagesToChapters(
    openChapters.map((i) => {
      const chapter = input.chapters[i] as ImageChapter;
      const planned = byChapter.get(i);
      return planned ? { title: chapter.title, summary: `${chapter.summary} ${planned.alt_text}` } : chapter;
    }),
    unusedImages,
  );
  openChapters.forEach((chapterIndex, position) => {
    const chapter = input.chapters[chapterIndex] as ImageChapter;
    const image = byChapter.get(chapterIndex) ?? {
      chapter_index: chapterIndex,
      prompt: defaultImagePrompt(chapter),
      alt_text: defaultAltText(chapter),
      placement: 'before' as const,
    };
    const match = matches[position];
    if (match !== undefined) image.media_id = match;
    byChapter.set(chapterIndex, image);
  });
  return { images: [...byChapter.values()].sort((a, b) => a.chapter_index - b.chapter_index) };
}

export async function runImagePlanStep(model: ChatModel, input: ImagePlanInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<ImagePlanOutput> {
  const { output } = await model.generate<unknown>({ ...buildImagePlanRequest(input), onCall, signal });
  return enforceImagePlan(output, input);
}
