/**
 * The contract between the steps and the models: every step prompt ends with its input as one
 * JSON object between `<input>` and `</input>`. A language model reads it as part of the prompt;
 * the offline ExtractiveEngine parses it. `<`, `>` and `&` are written as JSON unicode escapes, so
 * source text can never close the block early.
 */
export const INPUT_OPEN_TAG = '<input>';
export const INPUT_CLOSE_TAG = '</input>';

export class PromptInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptInputError';
  }
}

export function renderInputBlock(input: object): string {
  const json = JSON.stringify(input).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${INPUT_OPEN_TAG}\n${json}\n${INPUT_CLOSE_TAG}`;
}

/** Instructions for the model, then the input block. */
export function buildPrompt(instructions: string, input: object): string {
  return `${instructions.trim()}\n\nThe input is the JSON object between ${INPUT_OPEN_TAG} and ${INPUT_CLOSE_TAG}.\n\n${renderInputBlock(input)}`;
}

/** The input object of a prompt built by buildPrompt (the last block wins). */
export function readInputBlock(prompt: string): Record<string, unknown> {
  const blocks = [...prompt.matchAll(/<input>([^<]*)<\/input>/g)];
  const body = blocks[blocks.length - 1]?.[1];
  if (body === undefined) throw new PromptInputError('the prompt has no <input> block');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PromptInputError('the <input> block is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PromptInputError('the <input> block is not a JSON object');
  return value as Record<string, unknown>;
}
