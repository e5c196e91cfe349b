import { modelRoutingConfig } from './model-routing.config.js';

describe('model routing config', () => {
  it('keeps the OPENAI_* variables working as the openai provider, with no routes by default', () => {
    expect(modelRoutingConfig.from({})).toEqual({ providers: {}, routes: {}, allowList: null, fallback: true });
    expect(modelRoutingConfig.from({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://localhost:8080/v1' }).providers).toEqual({
      openai: { name: 'openai', baseUrl: 'http://localhost:8080/v1', apiKey: 'sk-1', prices: {} },
    });
  });

  it('builds the Workers AI preset from the account id and token, and Ollama from its base URL', () => {
    const routing = modelRoutingConfig.from({
      CLOUDFLARE_ACCOUNT_ID: 'acc123',
      CLOUDFLARE_API_TOKEN: 'cf-token',
      OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1',
      MODEL_PROVIDERS: JSON.stringify({ 'workers-ai': { timeout_ms: 30000, prices: { '@cf/meta/llama-3.1-8b-instruct': { input_per_1m: 0.28, output_per_1m: 0.83 } } } }),
    });
    expect(routing.providers['workers-ai']).toEqual({
      name: 'workers-ai',
      baseUrl: 'https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1',
      apiKey: 'cf-token',
      timeoutMs: 30000,
      prices: { '@cf/meta/llama-3.1-8b-instruct': { input_per_1m: 0.28, output_per_1m: 0.83 } },
    });
    expect(routing.providers.ollama).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'none' });
    expect(modelRoutingConfig.from({ CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_API_TOKEN: 't', CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:9/client/v4/' }).providers['workers-ai']!.baseUrl).toBe(
      'http://127.0.0.1:9/client/v4/accounts/a/ai/v1',
    );
  });

  it('reads MODEL_ROUTES as JSON or step=provider:model|provider:model, default spread over the chat steps', () => {
    const env = { OPENAI_API_KEY: 'sk', OLLAMA_BASE_URL: 'http://ollama:11434/v1' };
    const text = modelRoutingConfig.from({ ...env, MODEL_ROUTES: 'outline=openai:gpt-4o|ollama:llama3.1:8b, default=ollama:qwen2.5' });
    const json = modelRoutingConfig.from({ ...env, MODEL_ROUTES: JSON.stringify({ outline: ['openai:gpt-4o', 'ollama:llama3.1:8b'], default: 'ollama:qwen2.5' }) });
    expect(text.routes).toEqual(json.routes);
    expect(text.routes.outline).toEqual([
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'ollama', model: 'llama3.1:8b' },
    ]);
    expect(text.routes.seo).toEqual([{ provider: 'ollama', model: 'qwen2.5' }]);
    expect(text.routes.transcription).toBeUndefined();
  });

  it('names the variable of every problem', () => {
    expect(modelRoutingConfig.problemsIn({ CLOUDFLARE_ACCOUNT_ID: 'acc' })).toEqual(['CLOUDFLARE_API_TOKEN: must be set when CLOUDFLARE_ACCOUNT_ID is (Workers AI)']);
    expect(modelRoutingConfig.problemsIn({ MODEL_PROVIDERS: '{not json' })).toEqual([expect.stringMatching(/^MODEL_PROVIDERS must be a JSON object/)]);
    expect(modelRoutingConfig.problemsIn({ MODEL_PROVIDERS: JSON.stringify({ vllm: { api_key: 'k' } }) })).toEqual(['MODEL_PROVIDERS.vllm.base_url must be an http(s) URL']);
    expect(modelRoutingConfig.problemsIn({ MODEL_PROVIDERS: JSON.stringify({ vllm: { base_url: 'http://v/v1', timeout_ms: 5, colour: 1, prices: { m: { input_per_1m: -1 } } } }) })).toEqual([
      expect.stringMatching(/^MODEL_PROVIDERS.vllm.colour is not a provider setting/),
      'MODEL_PROVIDERS.vllm.timeout_ms must be an integer from 1000 to 600000',
      'MODEL_PROVIDERS.vllm.prices.m.input_per_1m must be a number >= 0',
    ]);
    expect(modelRoutingConfig.problemsIn({ MODEL_ROUTES: 'outline=mystery:model' })).toEqual(["MODEL_ROUTES.outline: provider 'mystery' is not configured (configured: none)"]);
    expect(modelRoutingConfig.problemsIn({ OPENAI_API_KEY: 'sk', MODEL_ROUTES: 'poetry=openai:gpt-4o,seo=gpt-4o' })).toEqual([
      expect.stringMatching(/^MODEL_ROUTES: 'poetry' is not a step/),
      "MODEL_ROUTES.seo: 'gpt-4o' must look like provider:model",
    ]);
    expect(modelRoutingConfig.problemsIn({ MODEL_ROUTES: '{"outline": 3}' })).toEqual(['MODEL_ROUTES.outline must be a "provider:model" string or a list of them']);
    expect(modelRoutingConfig.problemsIn({ MODEL_ALLOW_LIST: 'nobody:x', MODEL_FALLBACK: 'maybe' })).toEqual([
      'MODEL_FALLBACK must be true or false',
      "MODEL_ALLOW_LIST: provider 'nobody' is not configured",
    ]);
  });
});
