import { DomainError } from '@app/shared';
import { languageCode, languageName } from '../language/language-names.js';
import { UNDETERMINED_LANGUAGE } from '../language/language.detector.js';
import type { ModelEngine } from '../models/chat-model.js';

/** The language a post is written in, and how the steps are asked for it. */
export interface WritingLanguage {
  /** ISO 639-1 when known; else the language as the user named it. */
  code: string;
  /** What the steps get as `language`: the user's request, or nothing (write in the source's language). */
  requested?: string;
}

function label(code: string): string {
  return code === UNDETERMINED_LANGUAGE ? 'an undetermined language' : `${languageName(code)} (${code})`;
}

/**
 * A model writes in the requested language (else the source's). The extractive engine can only
 * reuse the source's sentences, so it writes in the source's language and refuses another with
 * 422 `language_unsupported`.
 */
export function writingLanguage(engine: ModelEngine, requested: string | undefined, sourceLanguage: string): WritingLanguage {
  const asked = requested?.trim() ? requested.trim() : undefined;
  if (!asked) return { code: sourceLanguage };
  const code = languageCode(asked);
  if (engine !== 'extractive') return { code: code ?? asked.toLowerCase(), requested: asked };
  if (code === sourceLanguage || (code !== undefined && sourceLanguage === UNDETERMINED_LANGUAGE)) return { code: code ?? sourceLanguage };
  throw new DomainError(
    'language_unsupported',
    `the extractive engine writes in the source's language, ${label(sourceLanguage)}; options.language asks for ${code ? label(code) : `"${asked}"`}. Leave options.language out, or configure a model (OPENAI_API_KEY) to write in another language`,
    { details: { source_language: sourceLanguage, requested_language: asked } },
  );
}
