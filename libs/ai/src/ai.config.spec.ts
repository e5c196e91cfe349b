import { aiConfig, CHAT_MODEL_DEFAULTS } from './ai.config.js';

describe('ai config', () => {
  it('has the chat model defaults, image limits and chapter concurrency', () => {
    expect(aiConfig.from({})).toEqual({
      chat: CHAT_MODEL_DEFAULTS,
      images: { size: '1024x1024', timeoutMs: 120_000, maxPerPost: 10, maxBytes: 20 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024, concurrency: 2 },
      chapterConcurrency: 3,
    });
    expect(CHAT_MODEL_DEFAULTS).toMatchObject({ model: 'gpt-4o-mini', timeoutMs: 60_000, maxRetries: 2, structuredOutput: 'json_schema', rateLimitMaxWaitMs: 120_000 });
  });

  it('converts whole numbers given as strings', () => {
    expect(aiConfig.from({ LLM_MAX_RETRIES: '0', IMAGES_MAX_PER_POST: '3', CHAPTER_CONCURRENCY: '6' })).toMatchObject({
      chat: { maxRetries: 0 },
      images: { maxPerPost: 3 },
      chapterConcurrency: 6,
    });
  });

  it('names each malformed variable', () => {
    expect(aiConfig.problemsIn({ LLM_MAX_RETRIES: 'abc', LLM_STRUCTURED_OUTPUT: 'xml', IMAGE_SIZE: 'big', IMAGE_CONCURRENCY: '9' })).toEqual([
      'LLM_MAX_RETRIES must be an integer number',
      expect.stringMatching(/^LLM_STRUCTURED_OUTPUT must be one of/),
      'IMAGE_SIZE must look like 1024x1024',
      'IMAGE_CONCURRENCY must not be greater than 8',
    ]);
  });
});
