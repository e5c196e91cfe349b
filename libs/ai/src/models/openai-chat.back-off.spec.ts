import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { startFakeOpenAiChat, type FakeOpenAiChat } from '../../../../test/fakes/openai-chat.fake.js';
import { ModelRateLimiter } from './model-rate-limiter.js';
import { OpenAIChatModel } from './openai-chat.model.js';

describe('OpenAIChatModel with a shared limiter: a 429 backs off every process', () => {
  let fake: FakeOpenAiChat;
  let client: Redis;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    fake = await startFakeOpenAiChat();
    client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    await fake.close();
    await client.quit();
  });

  it('records the provider’s Retry-After in Redis, where every process’s limiter holds new calls for it', async () => {
    const prefix = `${process.env.REDIS_PREFIX ?? 'scriptorium_test'}:back-off-spec:${randomUUID()}`;
    const limiter = new ModelRateLimiter({ client, key: (...parts) => [prefix, ...parts].join(':') }, { provider: 'fake', model: 'gpt-test', maxConcurrency: 2, tokensPerMinute: 0, maxWaitMs: 100 });
    const model = new OpenAIChatModel({ baseURL: fake.url, apiKey: fake.apiKey, model: 'gpt-test', timeoutMs: 5_000, maxRetries: 0, limiter });
    fake.enqueue({ type: 'rate_limited', retryAfterSeconds: 30 });

    const error = await model.generate({ schemaName: 'outline', schema: { type: 'object' }, system: 'Outline.', prompt: 'Text.' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'rate_limited' });
    const coolingMs = await client.pttl(`${prefix}:model-limit:fake:gpt-test:cool-down`);
    expect(coolingMs).toBeGreaterThan(25_000);
    // The next call waits for the back-off instead of reaching the provider (here: longer than its 100 ms wait).
    const sent = fake.requests.length;
    await expect(model.generate({ schemaName: 'outline', schema: { type: 'object' }, system: 'Outline.', prompt: 'Text.' })).rejects.toMatchObject({ code: 'rate_limited' });
    expect(fake.requests.length).toBe(sent);
    await limiter.close();
  });
});
