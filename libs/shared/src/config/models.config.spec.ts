import { modelsConfig } from './models.config.js';

describe('models config', () => {
  it('leaves LLM_PROVIDER unset by default and picks the chat engine: LLM_PROVIDER, else openai with a key, else extractive', () => {
    expect(modelsConfig.from({})).toEqual({ chatEngine: 'extractive', openai: { apiKey: undefined, baseUrl: 'https://api.openai.com/v1' }, images: undefined });
    expect(modelsConfig.from({ LLM_PROVIDER: 'extractive', OPENAI_API_KEY: 'sk-1' }).chatEngine).toBe('extractive');
    expect(modelsConfig.from({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-1' }).chatEngine).toBe('openai');
    expect(modelsConfig.from({ OPENAI_API_KEY: 'sk-1' }).chatEngine).toBe('openai');
    expect(modelsConfig.from({ LLM_PROVIDER: '', OPENAI_API_KEY: '' }).chatEngine).toBe('extractive');
  });

  it('names an unknown enum value', () => {
    expect(modelsConfig.problemsIn({ LLM_PROVIDER: 'anthropic' })[0]).toMatch(/^LLM_PROVIDER must be one of/);
  });

  it('requires OPENAI_API_KEY when LLM_PROVIDER is openai', () => {
    expect(modelsConfig.problemsIn({ LLM_PROVIDER: 'openai' })).toEqual([expect.stringMatching(/^OPENAI_API_KEY: must be set when LLM_PROVIDER is openai/)]);
  });

  it('requires IMAGE_API_KEY or OPENAI_API_KEY when IMAGE_MODEL is set', () => {
    expect(modelsConfig.problemsIn({ IMAGE_MODEL: 'gpt-image-1' })).toEqual([expect.stringMatching(/^IMAGE_API_KEY: must be set/)]);
    expect(modelsConfig.problemsIn({ IMAGE_MODEL: 'gpt-image-1', IMAGE_API_KEY: 'ik' })).toEqual([]);
  });

  it('reaches the images endpoint through the chat endpoint unless IMAGE_BASE_URL/IMAGE_API_KEY say otherwise', () => {
    expect(modelsConfig.from({ IMAGE_MODEL: 'dall-e-3', OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://localhost:8080/v1' }).images).toEqual({
      model: 'dall-e-3',
      baseUrl: 'http://localhost:8080/v1',
      apiKey: 'sk-1',
    });
    expect(
      modelsConfig.from({ IMAGE_MODEL: 'dall-e-3', OPENAI_API_KEY: 'sk-1', IMAGE_BASE_URL: 'http://images.local/v1', IMAGE_API_KEY: 'ik' }).images,
    ).toEqual({ model: 'dall-e-3', baseUrl: 'http://images.local/v1', apiKey: 'ik' });
  });
});
