import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/shared';
import { startFakeOpenAiChat } from '../../../../test/fakes/openai-chat.fake.js';
import {
  CHAT_MODEL_DEFAULTS,
  createChatModel,
  readChatModelSettings,
  selectEngine,
  type ChatModelSettings,
} from './model.factory.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { OpenAIChatModel } from './openai-chat.model.js';

const settings = (overrides: Partial<ChatModelSettings> = {}): ChatModelSettings => ({
  ...CHAT_MODEL_DEFAULTS,
  openaiBaseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  ...overrides,
});

const config = (values: Record<string, unknown>) =>
  new ConfigService({ OPENAI_BASE_URL: 'https://api.openai.com/v1', LLM_MODEL: 'gpt-4o-mini', ...values }) as unknown as AppConfig;

describe('model factory', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('uses LLM_PROVIDER when set, else openai with a key, else extractive', () => {
    expect(selectEngine({ provider: 'extractive', openaiApiKey: 'sk-1' })).toBe('extractive');
    expect(selectEngine({ provider: 'openai' })).toBe('openai');
    expect(selectEngine({ openaiApiKey: 'sk-1' })).toBe('openai');
    expect(selectEngine({})).toBe('extractive');
  });

  it('builds an OpenAIChatModel that talks to the configured base URL', async () => {
    const fake = await startFakeOpenAiChat();
    try {
      const model = createChatModel(settings({ openaiApiKey: fake.apiKey, openaiBaseUrl: fake.url, model: 'llama3' }));
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
    expect(createChatModel(settings({ provider: 'extractive', openaiApiKey: 'sk-1' })).engine).toBe('extractive');
  });

  it('refuses openai without OPENAI_API_KEY, naming the variable', () => {
    expect(() => createChatModel(settings({ provider: 'openai' }))).toThrow(/OPENAI_API_KEY/);
  });

  it('reads the tuning variables with their defaults', () => {
    expect(readChatModelSettings(config({ OPENAI_API_KEY: 'sk-1' }))).toEqual({
      provider: undefined,
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
      readChatModelSettings(
        config({ LLM_TIMEOUT_MS: '5000', LLM_MAX_CONCURRENCY: 3, LLM_TOKENS_PER_MINUTE: '90000', LLM_STRUCTURED_OUTPUT: 'json_object' }),
      ),
    ).toMatchObject({ timeoutMs: 5000, maxConcurrency: 3, tokensPerMinute: 90_000, structuredOutput: 'json_object' });
  });

  it('names a malformed tuning variable', () => {
    expect(() => readChatModelSettings(config({ LLM_MAX_RETRIES: 'two' }))).toThrow(/LLM_MAX_RETRIES/);
    expect(() => readChatModelSettings(config({ LLM_STRUCTURED_OUTPUT: 'xml' }))).toThrow(/LLM_STRUCTURED_OUTPUT/);
  });
});
