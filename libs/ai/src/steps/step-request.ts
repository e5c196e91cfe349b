import { languageCode, languageName } from '../language/language-names.js';
import { UNDETERMINED_LANGUAGE } from '../language/language.detector.js';
import type { ModelCallRecord, StructuredRequest } from '../models/chat-model.js';
import type { BrandVoiceProfile, StyleOptions } from './step.contracts.js';

/** A step's request to a model, before the caller adds its usage callback and abort signal. */
export type StepRequest = Omit<StructuredRequest, 'onCall' | 'signal'>;

export type OnModelCall = (call: ModelCallRecord) => void | Promise<void>;

/** Defensive readers for model answers: a provider validates against the schema, but the steps must never crash on a gap. */
export function readString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function readArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function readObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function readStrings(value: unknown): string[] {
  return readArray(value)
    .map(readString)
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item.length > 0);
}

export function readInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
}

/** Characters of a brand voice's sample text a prompt carries: enough to show a style. */
export const BRAND_VOICE_SAMPLE_MAX_CHARS = 1_200;

/** How a prompt names the language to write in: a recognized one by name and code, anything else as given. */
export function languageLabel(requested: string): string {
  const code = languageCode(requested);
  return code ? `${languageName(code)} (${code})` : requested;
}

export function brandVoiceLines(voice: BrandVoiceProfile): string[] {
  const lines = [`Brand voice "${voice.name}"${voice.description ? `: ${voice.description}` : ''}`];
  if (voice.do.length > 0) lines.push(`Do: ${voice.do.join('; ')}.`);
  if (voice.dont.length > 0) lines.push(`Don't: ${voice.dont.join('; ')}.`);
  if (voice.sample_text) {
    lines.push(`A sample in this voice (match its style, never its content): «${voice.sample_text.slice(0, BRAND_VOICE_SAMPLE_MAX_CHARS).trim()}»`);
  }
  return lines;
}

/**
 * Instruction lines shared by every step that writes: the language (the requested one, else the
 * source's), tone, audience and brand voice.
 */
export function styleLines(options: StyleOptions & { source_language?: string }): string[] {
  const lines: string[] = [];
  if (options.language) lines.push(`Write in this language: ${languageLabel(options.language)}.`);
  else if (options.source_language && options.source_language !== UNDETERMINED_LANGUAGE) {
    lines.push(`Write in the language of the source: ${languageLabel(options.source_language)}.`);
  }
  if (options.tone) lines.push(`Tone: ${options.tone}.`);
  if (options.audience) lines.push(`Audience: ${options.audience}.`);
  if (options.brand_voice) lines.push(...brandVoiceLines(options.brand_voice));
  return lines;
}
