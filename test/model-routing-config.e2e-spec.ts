import { startProcess } from './support/processes.js';

/** A bad routing configuration stops the processes at start, naming the variable (never a value). */
describe('model routing configuration at start', () => {
  it('stops the API on providers, routes and the allow-list it cannot use, naming each variable', async () => {
    const api = startProcess('dist/apps/api/src/main.js', {
      OPENAI_API_KEY: '',
      CLOUDFLARE_ACCOUNT_ID: 'acc-1',
      CLOUDFLARE_API_TOKEN: '',
      MODEL_PROVIDERS: JSON.stringify({ vllm: { api_key: 'secret-vllm-key' } }),
      MODEL_ROUTES: 'outline=mystery:model,poetry=vllm:x',
      MODEL_ALLOW_LIST: 'no-colon',
      MODEL_FALLBACK: 'sometimes',
    });
    expect(await api.exited).toBe(1);
    const output = api.output();
    expect(output).toContain('api failed to start: Invalid configuration:');
    expect(output).toContain('CLOUDFLARE_API_TOKEN: must be set when CLOUDFLARE_ACCOUNT_ID is (Workers AI)');
    expect(output).toContain('MODEL_PROVIDERS.vllm.base_url must be an http(s) URL');
    expect(output).toContain("MODEL_ROUTES.outline: provider 'mystery' is not configured");
    expect(output).toContain("MODEL_ROUTES: 'poetry' is not a step");
    expect(output).toContain("MODEL_ALLOW_LIST: 'no-colon' must look like provider:model or provider:*");
    expect(output).toContain('MODEL_FALLBACK must be true or false');
    expect(output).not.toContain('secret-vllm-key');
  });

  it('stops the worker on a MODEL_PROVIDERS that is not JSON', async () => {
    const worker = startProcess('dist/apps/worker/src/main.js', { MODEL_PROVIDERS: '{"cheap": ' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('worker failed to start: Invalid configuration:');
    expect(worker.output()).toContain('MODEL_PROVIDERS must be a JSON object');
  });
});
