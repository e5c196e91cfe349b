import { CHARS_PER_TOKEN, requestInputTokens, tokensOf } from '../models/token-estimate.js';
import type { StepRequest } from '../steps/step-request.js';

/** Characters a written word takes on average, with its space and punctuation (Markdown prose). */
export const CHARS_PER_WORD = 6;

/** One model call a job would make: the exact request, and the output it is expected to write. */
export interface PlannedModelCall {
  step: string;
  request: StepRequest;
  /** Output tokens expected from what the step is asked to write (the length option, the schema's fields). */
  tokensOut: number;
}

/** Images a step would generate (upper bound: no chosen image of the user's is assumed). */
export interface PlannedImages {
  step: string;
  images: number;
}

/** Everything paid a job would do, before it runs. */
export interface PlannedWork {
  calls: PlannedModelCall[];
  images: PlannedImages[];
  /** What the estimate had to assume, in words for the caller. */
  notes: string[];
}

/** Output tokens of an answer shaped like `example` (JSON, as the model writes it). */
export function answerTokens(example: unknown): number {
  return tokensOf(JSON.stringify(example));
}

/** Output tokens of prose of `words` words. */
export function proseTokens(words: number): number {
  return Math.ceil((Math.max(0, words) * CHARS_PER_WORD) / CHARS_PER_TOKEN);
}

/** Input tokens of a planned call, counted over the prompt the job would send. */
export function plannedTokensIn(call: PlannedModelCall): number {
  return requestInputTokens(call.request);
}
