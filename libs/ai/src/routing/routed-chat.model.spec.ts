import { Logger } from '@nestjs/common';
import { type ChatModel, ModelCallError, type StructuredRequest } from '../models/chat-model.js';
import { RoutedChatModel } from './routed-chat.model.js';

/** A provider's model that fails with the given codes, then answers. */
function provider(name: string, failures: ModelCallError['code'][], asked: string[]): ChatModel {
  return {
    engine: 'openai',
    model: name,
    generate: async <T>() => {
      asked.push(name);
      const code = failures.shift();
      if (code) throw new ModelCallError(code, `${name} failed`);
      return { output: { by: name } as T, usage: { engine: 'openai', model: name, provider: name, tokensIn: 1, tokensOut: 1, latencyMs: 1 } };
    },
  };
}

const request: StructuredRequest = { schemaName: 'outline', schema: {}, system: 's', prompt: 'p' };
const route = (name: string) => ({ provider: name, model: `${name}-model` });

describe('RoutedChatModel', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('falls back to the next route on a provider failure, a timeout or a lasting 429, in order', async () => {
    for (const code of ['provider_error', 'timeout', 'rate_limited'] as const) {
      const asked: string[] = [];
      const routed = new RoutedChatModel(
        [
          { route: route('a'), model: provider('a', [code], asked) },
          { route: route('b'), model: provider('b', [code], asked) },
          { route: route('c'), model: provider('c', [], asked) },
        ],
        true,
      );
      const result = await routed.generate<{ by: string }>(request);
      expect({ code, by: result.output.by, asked }).toEqual({ code, by: 'c', asked: ['a', 'b', 'c'] });
      expect(routed.routes).toEqual(['a:a-model', 'b:b-model', 'c:c-model']);
    }
  });

  it('does not fall back on an invalid answer, when fallback is off, past the last route or once canceled', async () => {
    const asked: string[] = [];
    const invalid = new RoutedChatModel([{ route: route('a'), model: provider('a', ['invalid_output'], asked) }, { route: route('b'), model: provider('b', [], asked) }], true);
    await expect(invalid.generate(request)).rejects.toMatchObject({ code: 'invalid_output' });
    const off = new RoutedChatModel([{ route: route('a'), model: provider('a', ['provider_error'], asked) }, { route: route('b'), model: provider('b', [], asked) }], false);
    await expect(off.generate(request)).rejects.toMatchObject({ code: 'provider_error' });
    const last = new RoutedChatModel([{ route: route('a'), model: provider('a', ['timeout'], asked) }], true);
    await expect(last.generate(request)).rejects.toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    controller.abort(new Error('canceled'));
    const canceled = new RoutedChatModel([{ route: route('a'), model: provider('a', ['provider_error'], asked) }, { route: route('b'), model: provider('b', [], asked) }], true);
    await expect(canceled.generate({ ...request, signal: controller.signal })).rejects.toMatchObject({ code: 'provider_error' });
    expect(asked).toEqual(['a', 'a', 'a', 'a']);
  });
});
