import { Logger } from '@nestjs/common';
import { startFakeOpenAiChat, type FakeOpenAiChat } from '../../../../test/fakes/openai-chat.fake.js';
import { ModelCallError, type ModelCallRecord, type StructuredRequest } from './chat-model.js';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat.model.js';

const outlineSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    sections: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
  required: ['title', 'sections'],
  additionalProperties: false,
};

interface Outline {
  title: string;
  sections: string[];
}

const VALID = JSON.stringify({ title: 'Sourdough at home', sections: ['Starter', 'Baking'] });

describe('OpenAIChatModel', () => {
  let fake: FakeOpenAiChat;
  let calls: ModelCallRecord[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    fake = await startFakeOpenAiChat();
    calls = [];
  });

  afterEach(async () => {
    await fake.close();
  });

  const model = (options: Partial<OpenAIChatModelOptions> = {}) =>
    new OpenAIChatModel({ baseURL: fake.url, apiKey: fake.apiKey, model: 'gpt-test', timeoutMs: 5_000, maxRetries: 2, ...options });

  const request = (overrides: Partial<StructuredRequest> = {}): StructuredRequest => ({
    schemaName: 'outline',
    schema: outlineSchema,
    system: 'You write blog outlines.',
    prompt: 'Outline a post about sourdough.',
    onCall: (call) => {
      calls.push(call);
    },
    ...overrides,
  });

  it('returns validated output with the usage the provider reported', async () => {
    fake.enqueue({ type: 'answer', content: VALID, usage: { prompt_tokens: 120, completion_tokens: 30 } });

    const result = await model().generate<Outline>(request({ maxOutputTokens: 500, temperature: 0.2 }));

    expect(result.output).toEqual({ title: 'Sourdough at home', sections: ['Starter', 'Baking'] });
    expect(result.usage).toMatchObject({ engine: 'openai', model: 'gpt-test', tokensIn: 120, tokensOut: 30 });
    expect(result.usage.latencyMs).toBeGreaterThanOrEqual(0);
    expect(calls).toEqual([{ ...result.usage, used: true }]);
    const [sent] = fake.requests;
    expect(sent!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent!.model).toBe('gpt-test');
    expect(sent!.messages).toEqual([
      { role: 'system', content: 'You write blog outlines.' },
      { role: 'user', content: 'Outline a post about sourdough.' },
    ]);
    expect(sent!.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'outline', schema: outlineSchema, strict: true },
    });
    expect(sent!.body).toMatchObject({ max_tokens: 500, temperature: 0.2 });
  });

  it('works against the fake with nothing scripted (schema-shaped default answer)', async () => {
    const result = await model().generate<Outline>(request());

    expect(result.output).toEqual({ title: 'text', sections: ['text'] });
    expect(result.usage.tokensIn).toBeGreaterThan(0);
  });

  it('repairs invalid JSON with one more call and reports both calls', async () => {
    fake.enqueue(
      { type: 'invalid_json', usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { type: 'answer', content: VALID, usage: { prompt_tokens: 150, completion_tokens: 20 } },
    );

    const result = await model().generate<Outline>(request());

    expect(result.output.title).toBe('Sourdough at home');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ used: false, failure: 'invalid_json', tokensIn: 100, tokensOut: 10 });
    expect(calls[1]).toMatchObject({ used: true, tokensIn: 150, tokensOut: 20 });
    expect(calls[1]!.failure).toBeUndefined();
    expect(result.usage).toMatchObject({ tokensIn: 150, tokensOut: 20 });
    const repair = fake.requests[1]!.messages;
    expect(repair).toHaveLength(4);
    expect(repair[2]).toEqual({ role: 'assistant', content: expect.stringContaining('unfinished') });
    expect(repair[3]!.role).toBe('user');
    expect(repair[3]!.content).toContain('not parseable JSON');
  });

  it('repairs output that does not match the schema, sending the validation errors back', async () => {
    fake.enqueue({ type: 'answer', content: JSON.stringify({ title: 'No sections' }) }, { type: 'answer', content: VALID });

    const result = await model().generate<Outline>(request());

    expect(result.output.sections).toEqual(['Starter', 'Baking']);
    expect(calls.map((call) => [call.used, call.failure])).toEqual([
      [false, 'schema_mismatch'],
      [true, undefined],
    ]);
    expect(fake.requests[1]!.messages[3]!.content).toContain("must have required property 'sections'");
  });

  it('throws invalid_output when the repaired answer is invalid too', async () => {
    fake.enqueue({ type: 'invalid_json' }, { type: 'answer', content: JSON.stringify({ title: 1, sections: [] }) });

    const error = await model().generate(request()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('invalid_output');
    expect(fake.requests).toHaveLength(2);
    expect(calls.map((call) => [call.used, call.failure])).toEqual([
      [false, 'invalid_json'],
      [false, 'schema_mismatch'],
    ]);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    fake.enqueue({ type: 'rate_limited', retryAfterSeconds: 1 }, { type: 'answer', content: VALID });

    const result = await model().generate<Outline>(request());

    expect(result.output.title).toBe('Sourdough at home');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(calls).toHaveLength(1);
  });

  it('gives up with rate_limited when the provider keeps answering 429', async () => {
    fake.enqueue({ type: 'rate_limited', retryAfterSeconds: 0 }, { type: 'rate_limited', retryAfterSeconds: 0 });

    const error = await model({ maxRetries: 1 }).generate(request()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('rate_limited');
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a 500 and succeeds, reporting the failed attempt when its body carried usage', async () => {
    fake.enqueue(
      { type: 'server_error', usage: { prompt_tokens: 80, completion_tokens: 5 } },
      { type: 'answer', content: VALID, usage: { prompt_tokens: 80, completion_tokens: 25 } },
    );

    const result = await model().generate<Outline>(request());

    expect(result.output.title).toBe('Sourdough at home');
    expect(fake.requests).toHaveLength(2);
    expect(calls).toEqual([
      expect.objectContaining({ used: false, failure: 'http_500', tokensIn: 80, tokensOut: 5 }),
      expect.objectContaining({ used: true, tokensIn: 80, tokensOut: 25 }),
    ]);
  });

  it('maps a lasting 5xx to provider_error', async () => {
    fake.enqueue({ type: 'server_error', status: 503 }, { type: 'server_error', status: 503 });

    const error = await model({ maxRetries: 1 }).generate(request()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('provider_error');
    expect(fake.requests).toHaveLength(2);
    expect(calls).toEqual([]);
  });

  it('does not retry a 401 and maps it to provider_error', async () => {
    const error = await model({ apiKey: 'sk-wrong' }).generate(request()).catch((caught: unknown) => caught);

    expect((error as ModelCallError).code).toBe('provider_error');
    expect((error as ModelCallError).message).toContain('401');
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a slow answer after retrying it', async () => {
    // Were the timeout not applied, the first slow answer would arrive (valid) and the call succeed.
    fake.enqueue({ type: 'slow', delayMs: 10_000 }, { type: 'slow', delayMs: 10_000 });

    const error = await model({ timeoutMs: 300, maxRetries: 1 }).generate(request()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('timeout');
    expect(fake.requests).toHaveLength(2);
  });

  it('in json_object mode puts the schema into the system prompt', async () => {
    fake.enqueue({ type: 'answer', content: VALID });

    const result = await model({ structuredOutput: 'json_object' }).generate<Outline>(request());

    expect(result.output.title).toBe('Sourdough at home');
    const [sent] = fake.requests;
    expect(sent!.response_format).toEqual({ type: 'json_object' });
    expect(sent!.messages[0]!.content).toContain('You write blog outlines.');
    expect(sent!.messages[0]!.content).toContain(JSON.stringify(outlineSchema));
  });

  it('accepts JSON wrapped in a ```json fence', async () => {
    fake.enqueue({ type: 'answer', content: `Here you go:\n\`\`\`json\n${VALID}\n\`\`\`\n` });

    const result = await model().generate<Outline>(request());

    expect(result.output.sections).toEqual(['Starter', 'Baking']);
    expect(fake.requests).toHaveLength(1);
    expect(calls).toEqual([expect.objectContaining({ used: true })]);
  });

  it('rethrows the caller’s abort instead of a provider error', async () => {
    fake.enqueue({ type: 'slow', delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job canceled')), 100);

    const error = await model().generate(request({ signal: controller.signal })).catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toBe('job canceled');
  });
});
