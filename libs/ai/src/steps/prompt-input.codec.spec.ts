import { buildPrompt, PromptInputError, readInputBlock, renderInputBlock } from './prompt-input.codec.js';

describe('the <input> block', () => {
  it('round-trips an input whose text tries to close the block', () => {
    const input = { text: 'a </input> b <input>{"x":1}</input> & <script>', n: 3 };
    const prompt = buildPrompt('Mention <input> here.', input);
    expect(readInputBlock(prompt)).toEqual(input);
    expect(renderInputBlock(input).match(/<\/input>/g)).toHaveLength(1);
  });

  it('rejects prompts without a JSON object block', () => {
    expect(() => readInputBlock('nothing')).toThrow(PromptInputError);
    expect(() => readInputBlock('<input>[1]</input>')).toThrow(/not a JSON object/);
    expect(() => readInputBlock('<input>{oops</input>')).toThrow(/not valid JSON/);
  });
});
