import { clampLine, cleanHeading } from '../extractive/heading.formatter.js';
import { extractKeyphrases } from '../extractive/keyphrase.extractor.js';
import { writeSeo } from '../extractive/extractive.writer.js';
import { tokenize, isStopword } from '../extractive/word.tokenizer.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { buildPrompt } from './prompt-input.codec.js';
import { slugify, SLUG_MAX_LENGTH } from './slug.formatter.js';
import { type OnModelCall, readObject, readString, readStrings, type StepRequest, styleLines } from './step-request.js';
import { trimDangling } from '../extractive/heading.writer.js';
import { languageCode } from '../language/language-names.js';
import { languageProfile } from '../language/language.profile.js';
import { type SeoOutlineHint, type SeoOutput, type StyleOptions, SEO_TITLE_MAX_CHARS, SEO_DESCRIPTION_MAX_CHARS, SEO_MIN_KEYWORDS, SEO_MAX_KEYWORDS } from './step.contracts.js';

export const SEO_STEP = 'seo.generate';
const KEYWORD_MAX_CHARS = 50;
const KEYWORD_MAX_WORDS = 4;
/** Last resort when a source is too poor to yield five keywords of its own. */
const GENERIC_KEYWORDS = ['blog', 'article', 'guide', 'overview', 'notes', 'tips', 'ideas', 'insights', 'summary', 'reading'];

export interface SeoInput extends StyleOptions {
  text: string;
  outline?: SeoOutlineHint;
  /** The source's language (ISO 639-1), when known. */
  source_language?: string;
}

export const SEO_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'description', 'slug', 'keywords'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string' },
    slug: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
  },
};

export const SEO_SYSTEM =
  'You are an SEO editor. You write accurate titles and meta descriptions for blog posts, never clickbait. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

/** How much of the source an SEO prompt carries: the opening of a long text says enough for a title. */
const SEO_SOURCE_MAX_CHARS = 12_000;
/** With an outline to go by, less of the source is needed. */
const SEO_SOURCE_WITH_OUTLINE_MAX_CHARS = 6_000;

export function buildSeoRequest(input: SeoInput): StepRequest {
  const lines = [
    'Write the search metadata of a blog post based on the input (the source text, and its outline when given).',
    `title: at most ${SEO_TITLE_MAX_CHARS} characters, a title a reader would click (a noun phrase or short claim), never two keywords joined by "and". description: one or two sentences, at most ${SEO_DESCRIPTION_MAX_CHARS} characters.`,
    `slug: lowercase words of the title joined by hyphens. keywords: ${SEO_MIN_KEYWORDS} to ${SEO_MAX_KEYWORDS} distinct lowercase search phrases of one to three words.`,
    ...styleLines(input),
  ];
  const limit = input.outline ? SEO_SOURCE_WITH_OUTLINE_MAX_CHARS : SEO_SOURCE_MAX_CHARS;
  const text = input.text.length > limit ? input.text.slice(0, limit) : input.text;
  return {
    schemaName: 'seo',
    schema: SEO_SCHEMA,
    system: SEO_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), { text, outline: input.outline, ...(input.source_language ? { source_language: input.source_language } : {}) }),
    temperature: 0.3,
    maxOutputTokens: 400,
  };
}

function normalizeKeyword(keyword: string): string {
  const words = tokenize(keyword.toLowerCase()).slice(0, KEYWORD_MAX_WORDS);
  return clampLine(words.join(' '), KEYWORD_MAX_CHARS).replace(/…$/, '').trim();
}

/** 5..10 unique lowercase keywords: the model's first, then phrases and words of the source. */
export function enforceKeywords(keywords: readonly string[], text: string, title: string, sourceLanguage?: string): string[] {
  const profile = languageProfile(sourceLanguage);
  const result: string[] = [];
  const add = (keyword: string): void => {
    const normalized = normalizeKeyword(keyword);
    if (normalized.length > 0 && !result.includes(normalized) && result.length < SEO_MAX_KEYWORDS) result.push(normalized);
  };
  keywords.forEach(add);
  if (result.length >= SEO_MIN_KEYWORDS) return result;
  for (const phrase of extractKeyphrases(`${title}.\n${text}`, { limit: 30, maxWords: 3, profile })) {
    if (result.length >= SEO_MIN_KEYWORDS) break;
    add(phrase.phrase);
  }
  for (const word of tokenize(`${title} ${text}`)) {
    if (result.length >= SEO_MIN_KEYWORDS) break;
    if (word.length > 2 && !isStopword(word, profile) && !/^\p{N}+$/u.test(word)) add(word);
  }
  for (const word of GENERIC_KEYWORDS) {
    if (result.length >= SEO_MIN_KEYWORDS) break;
    add(word);
  }
  return result;
}

/** Holds SEO fields to their bounds whatever the model wrote; the slug is always made from the final title. */
export function enforceSeo(answer: unknown, input: SeoInput): SeoOutput {
  const fields = readObject(answer);
  let title = trimDangling(cleanHeading(readString(fields.title), SEO_TITLE_MAX_CHARS), languageProfile(languageCode(input.language) ?? input.source_language));
  let description = clampLine(readString(fields.description), SEO_DESCRIPTION_MAX_CHARS);
  if (title.length === 0 || description.length === 0) {
    const fallback = writeSeo(input.text, input.outline, languageProfile(input.source_language));
    title ||= cleanHeading(fallback.title, SEO_TITLE_MAX_CHARS);
    description ||= clampLine(fallback.description, SEO_DESCRIPTION_MAX_CHARS);
  }
  title ||= 'Untitled';
  return {
    title,
    description,
    slug: slugify(title, SLUG_MAX_LENGTH),
    keywords: enforceKeywords(readStrings(fields.keywords), input.text, title, input.source_language),
  };
}

export async function runSeoStep(model: ChatModel, input: SeoInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<SeoOutput> {
  const { output } = await model.generate<unknown>({ ...buildSeoRequest(input), onCall, signal });
  return enforceSeo(output, input);
}
