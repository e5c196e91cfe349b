import type { JsonSchema } from './chat-model.js';

/** Characters per token assumed before a provider counts (English prose and JSON average about 4). */
export const CHARS_PER_TOKEN = 4;

/** Output tokens assumed for a request that sets no maxOutputTokens. */
export const DEFAULT_OUTPUT_TOKENS = 1_000;

/** Tokens of a text, at CHARS_PER_TOKEN. */
export function tokensOf(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Input tokens of one structured request before it is sent: its system message, its prompt and
 * its output schema (the schema counts as input with structured outputs). The one estimate the
 * rate limiter, the spending caps and the price quote share.
 */
export function requestInputTokens(request: { system: string; prompt: string; schema: JsonSchema }): number {
  return tokensOf(request.system) + tokensOf(request.prompt) + tokensOf(JSON.stringify(request.schema));
}
