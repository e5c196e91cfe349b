import type { ModelCallRecord, StructuredRequest } from '../models/chat-model.js';

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

/** Instruction lines shared by all steps for the optional writing options. */
export function styleLines(options: { tone?: string; audience?: string; language?: string }): string[] {
  const lines: string[] = [];
  if (options.language) lines.push(`Write in this language: ${options.language}.`);
  if (options.tone) lines.push(`Tone: ${options.tone}.`);
  if (options.audience) lines.push(`Audience: ${options.audience}.`);
  return lines;
}
