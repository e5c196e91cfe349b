import { clampLine, cleanHeading } from '../extractive/heading.formatter.js';
import { languageCode } from '../language/language-names.js';
import { languageProfile } from '../language/language.profile.js';
import type { ChatModel, JsonSchema } from '../models/chat-model.js';
import { type NumberedSentence, parseNumberedSource } from '../writing/numbered-source.js';
import { readCitedParagraphs, type SiblingChapter, trimParagraphsToWords } from './chapter-draft.step.js';
import { buildPrompt } from './prompt-input.codec.js';
import { type OnModelCall, readObject, readString, type StepRequest, styleLines } from './step-request.js';
import { CHAPTER_TITLE_MAX_CHARS, type CitedParagraph, type IntroConclusion, type StyleOptions } from './step.contracts.js';

export const INTRO_CONCLUSION_STEP = 'intro_conclusion';
/** Words an introduction and a conclusion have together, unless the post is short. */
export const FRAMING_WORDS = 160;

export interface IntroConclusionInput extends StyleOptions {
  title: string;
  /** Every chapter in order, with what it covers. */
  chapters: SiblingChapter[];
  /** The source sentences reserved for the opening and the closing, numbered; no chapter gets them. */
  opening: string;
  closing: string;
  source_language?: string;
  /** Words of the introduction and the conclusion together. */
  target_words?: number;
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

export const INTRO_CONCLUSION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['introduction', 'conclusion'],
  properties: {
    introduction: PARAGRAPHS,
    conclusion: {
      type: 'object',
      additionalProperties: false,
      required: ['heading', 'paragraphs'],
      properties: { heading: { type: 'string' }, paragraphs: PARAGRAPHS },
    },
  },
};

export const INTRO_CONCLUSION_SYSTEM =
  'You are an editor who writes the opening and the closing of blog posts. You only state what the source and the outline support. ' +
  'You answer with one JSON object that matches the given schema and nothing else.';

export function buildIntroConclusionRequest(input: IntroConclusionInput): StepRequest {
  const words = input.target_words ?? FRAMING_WORDS;
  const lines = [
    `Write the introduction and the conclusion of the blog post "${input.title}", whose chapters are input.chapters (in order).`,
    'introduction: one or two short paragraphs that tell the reader what the post covers and what they will get from it; no heading.',
    'conclusion: a heading (one to four words, in the post language) and one short paragraph that sums up what the chapters showed; do not copy a chapter.',
    'Draw facts only from input.opening and input.closing (numbered source sentences) and from the chapters; for each paragraph, sources lists the numbers of the sentences it uses.',
    `Together about ${words} words. Write prose: no greetings, sign-offs or calls to subscribe.`,
    ...styleLines(input),
  ];
  return {
    schemaName: 'intro_conclusion',
    schema: INTRO_CONCLUSION_SCHEMA,
    system: INTRO_CONCLUSION_SYSTEM,
    prompt: buildPrompt(lines.join('\n'), {
      title: input.title,
      chapters: input.chapters,
      opening: input.opening,
      closing: input.closing,
      target_words: words,
      ...(input.source_language ? { source_language: input.source_language } : {}),
    }),
    temperature: 0.4,
    maxOutputTokens: Math.ceil(words * 2.5) + 300,
  };
}

function asParagraph(sentences: readonly NumberedSentence[]): CitedParagraph[] {
  return sentences.length > 0 ? [{ markdown: sentences.map((sentence) => sentence.text).join(' '), sources: sentences.map((sentence) => sentence.n) }] : [];
}

/** The heading of a conclusion in the post's language, when the model gave none. */
export function conclusionHeadingFor(input: Pick<IntroConclusionInput, 'language' | 'source_language'>): string {
  const code = languageCode(input.language) ?? input.source_language ?? 'en';
  return languageProfile(code).conclusionHeading;
}

/**
 * Holds an introduction and a conclusion to the rules: citations only of the opening and closing
 * sentences, bounded length, never empty (the reserved sentences themselves stand in when the
 * model wrote nothing), a conclusion heading in the post's language.
 */
export function enforceIntroConclusion(answer: unknown, input: IntroConclusionInput): IntroConclusion {
  const fields = readObject(answer);
  const opening = parseNumberedSource(input.opening);
  const closing = parseNumberedSource(input.closing);
  const allowed = new Set([...opening, ...closing].map((sentence) => sentence.n));
  const words = input.target_words ?? FRAMING_WORDS;
  let introduction = trimParagraphsToWords(readCitedParagraphs(fields.introduction, '', allowed), words);
  const conclusion = readObject(fields.conclusion);
  let closingParagraphs = trimParagraphsToWords(readCitedParagraphs(conclusion.paragraphs, '', allowed), words);
  if (introduction.length === 0) introduction = asParagraph(opening);
  if (closingParagraphs.length === 0) closingParagraphs = asParagraph(closing);
  const heading = cleanHeading(clampLine(readString(conclusion.heading), CHAPTER_TITLE_MAX_CHARS).replace(/…$/, ''), CHAPTER_TITLE_MAX_CHARS) || conclusionHeadingFor(input);
  return { introduction, conclusion: { heading, paragraphs: closingParagraphs } };
}

export async function runIntroConclusionStep(model: ChatModel, input: IntroConclusionInput, onCall?: OnModelCall, signal?: AbortSignal): Promise<IntroConclusion> {
  const { output } = await model.generate<unknown>({ ...buildIntroConclusionRequest(input), onCall, signal });
  return enforceIntroConclusion(output, input);
}
