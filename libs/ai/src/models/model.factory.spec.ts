import { Logger } from '@nestjs/common';
import { modelsConfig, type Environment } from '@app/shared';
import { startFakeOpenAiChat } from '../../../../test/fakes/openai-chat.fake.js';
import { aiConfig } from '../ai.config.js';
import { chatModelSettings, createChatModel } from './model.factory.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { OpenAIChatModel } from './openai-chat.model.js';

/** The chat model's settings from this environment, as AiModule builds them. */
const settings = (env: Environment = {}) => chatModelSettings(modelsConfig.from(env), aiConfig.from(env));

describe('model factory', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('builds an OpenAIChatModel that talks to the configured base URL', async () => {
    const fake = await startFakeOpenAiChat();
    try {
      const model = createChatModel(settings({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, LLM_MODEL: 'llama3' }));
      const result = await model.generate<{ ok: boolean }>({
        schemaName: 'probe',
        schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
        system: 'Answer.',
        prompt: 'Probe.',
      });

      expect(model).toBeInstanceOf(OpenAIChatModel);
      expect(model.model).toBe('llama3');
      expect(result.output).toEqual({ ok: true });
      expect(fake.requests[0]!.model).toBe('llama3');
    } finally {
      await fake.close();
    }
  });

  it('builds the extractive engine when no key is configured', () => {
    expect(createChatModel(settings())).toBeInstanceOf(ExtractiveEngine);
    expect(createChatModel(settings({ LLM_PROVIDER: 'extractive', OPENAI_API_KEY: 'sk-1' })).engine).toBe('extractive');
  });

  it('refuses openai without OPENAI_API_KEY, naming the variable', () => {
    expect(() => createChatModel(settings({ LLM_PROVIDER: 'openai' }))).toThrow(/OPENAI_API_KEY/);
    expect(() => createChatModel({ ...settings(), engine: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('reads the tuning variables with their defaults', () => {
    expect(settings({ OPENAI_API_KEY: 'sk-1' })).toEqual({
      engine: 'openai',
      openaiApiKey: 'sk-1',
      openaiBaseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      timeoutMs: 60_000,
      maxRetries: 2,
      structuredOutput: 'json_schema',
      maxConcurrency: 0,
      tokensPerMinute: 0,
      rateLimitMaxWaitMs: 120_000,
    });
    expect(
      settings({ LLM_TIMEOUT_MS: '5000', LLM_MAX_CONCURRENCY: '3', LLM_TOKENS_PER_MINUTE: '90000', LLM_STRUCTURED_OUTPUT: 'json_object' }),
    ).toMatchObject({ timeoutMs: 5000, maxConcurrency: 3, tokensPerMinute: 90_000, structuredOutput: 'json_object' });
  });

  it('names a malformed tuning variable', () => {
    expect(() => settings({ LLM_MAX_RETRIES: 'two' })).toThrow(/LLM_MAX_RETRIES/);
    expect(() => settings({ LLM_STRUCTURED_OUTPUT: 'xml' })).toThrow(/LLM_STRUCTURED_OUTPUT/);
  });
});
