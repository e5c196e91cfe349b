// A minimal OpenAI-compatible `POST /v1/chat/completions` for benches: answers every request with
// an example of its json_schema after a fixed latency, and records how long each request spent in
// here (arrival of the full body → response written), so a bench can subtract model time.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './cleanup.mjs';

export const FAKE_API_KEY = 'sk-bench-fake';

/** Strings 'text' (padded to minLength), arrays of minItems (at least one), numbers 1 (or minimum). */
export function exampleFromSchema(schema, root = schema) {
  if (typeof schema !== 'object' || schema === null) return null;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\/?/, '').split('/').filter(Boolean).reduce((at, part) => at?.[part], root);
    return exampleFromSchema(target, root);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const combinator of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[combinator]) && schema[combinator].length > 0) return exampleFromSchema(schema[combinator][0], root);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, sub]) => [name, exampleFromSchema(sub, root)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleFromSchema(schema.items, root));
    case 'string':
      return 'text'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(1, schema.minimum) : 1;
    case 'boolean':
      return true;
    default:
      return schema.properties ? exampleFromSchema({ ...schema, type: 'object' }, root) : null;
  }
}

const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/**
 * Starts the fake; `latencyMs` can be changed between runs through the returned object. `respond`,
 * when given, writes the answer's content from the request body (return undefined for the default
 * example of the schema).
 */
export async function startFakeChatModel({ latencyMs = 0, respond } = {}) {
  const calls = [];
  // inFlight: requests being answered now; peakInFlight: the most at once (a bench may reset it).
  const fake = { url: '', apiKey: FAKE_API_KEY, latencyMs, calls, inFlight: 0, peakInFlight: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const started = performance.now();
      fake.inFlight += 1;
      fake.peakInFlight = Math.max(fake.peakInFlight, fake.inFlight);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const schema = body.response_format?.json_schema;
      const content = respond?.(body) ?? JSON.stringify(schema?.schema ? exampleFromSchema(schema.schema) : {});
      const promptTokens = tokens(body.messages.map((message) => message.content).join('\n'));
      if (fake.latencyMs > 0) await sleep(fake.latencyMs);
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID()}` });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${randomUUID()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: tokens(content), total_tokens: promptTokens + tokens(content) },
        }),
      );
      fake.inFlight -= 1;
      calls.push({ name: schema?.name ?? 'unknown', prompt_tokens: promptTokens, handling_ms: performance.now() - started });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${server.address().port}/v1`;
  fake.close = onCleanup('fake chat model', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve()));
  });
  return fake;
}
