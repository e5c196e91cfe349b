import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, sendJson, startJsonPostServer } from './openai-json-server.js';

/** A local stand-in for an OpenAI-compatible `POST /v1/chat/completions`, scriptable per test. */

export interface FakeChatMessage {
  role: string;
  content: string;
}

export interface FakeChatRequest {
  model: string;
  messages: FakeChatMessage[];
  response_format?: { type: string; json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean } };
  /** The whole JSON body as sent. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeChatBehaviour =
  /** Answer 200 with this content (or content computed from the request). */
  | { type: 'answer'; content: string | ((request: FakeChatRequest) => string); usage?: FakeUsage; finishReason?: string }
  /** Answer 200 with content that is not JSON. */
  | { type: 'invalid_json'; usage?: FakeUsage }
  /** Answer 429 with an OpenAI rate-limit error, and Retry-After (seconds) when given. */
  | { type: 'rate_limited'; retryAfterSeconds?: number }
  /** Answer an HTTP error (500 unless told); `usage` adds a top-level usage object to the error body. */
  | { type: 'server_error'; status?: number; usage?: FakeUsage }
  /** Wait, then give the default answer; longer than the client's timeout to make it time out. */
  | { type: 'slow'; delayMs: number };

export interface FakeOpenAiChat {
  /** Base URL as the SDK wants it (ends with /v1). */
  url: string;
  apiKey: string;
  requests: FakeChatRequest[];
  enqueue(...behaviours: FakeChatBehaviour[]): void;
  close(): Promise<void>;
}

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** A tiny example generator: strings 'text', arrays of one item (or minItems), numbers 1 (or minimum). */
export function exampleFromSchema(schema: unknown, root: unknown = schema): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const node = schema as Record<string, unknown>;
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\/?/, '')
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], root);
    return exampleFromSchema(target, root);
  }
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum)) return node.enum[0];
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[combinator];
    if (Array.isArray(options) && options.length > 0) return exampleFromSchema(options[0], root);
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleFromSchema(sub, root)]));
    }
    case 'array': {
      const count = Math.max(1, typeof node.minItems === 'number' ? node.minItems : 1);
      return Array.from({ length: count }, () => exampleFromSchema(node.items, root));
    }
    case 'string': {
      const min = typeof node.minLength === 'number' ? node.minLength : 0;
      return 'text'.padEnd(min, 'x');
    }
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? Math.max(1, node.minimum) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return node.properties ? exampleFromSchema({ ...node, type: 'object' }, root) : null;
  }
}

function defaultContent(request: FakeChatRequest): string {
  const schema = request.response_format?.json_schema?.schema;
  return JSON.stringify(schema ? exampleFromSchema(schema) : {});
}

function completion(request: FakeChatRequest, content: string, usage?: FakeUsage, finishReason = 'stop') {
  const promptTokens =
    usage?.prompt_tokens ?? estimateTokens(request.messages.map((message) => message.content).join('\n'));
  const completionTokens = usage?.completion_tokens ?? estimateTokens(content);
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

export async function startFakeOpenAiChat(options: { apiKey?: string } = {}): Promise<FakeOpenAiChat> {
  const apiKey = options.apiKey ?? 'sk-fake-test-key';
  const requests: FakeChatRequest[] = [];
  const queue: FakeChatBehaviour[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, request: FakeChatRequest, behaviour: FakeChatBehaviour | undefined): void => {
    switch (behaviour?.type) {
      case undefined:
        return sendJson(res, 200, completion(request, defaultContent(request)));
      case 'answer': {
        const content = typeof behaviour.content === 'function' ? behaviour.content(request) : behaviour.content;
        return sendJson(res, 200, completion(request, content, behaviour.usage, behaviour.finishReason));
      }
      case 'invalid_json':
        return sendJson(res, 200, completion(request, 'Sure! Here is the outline: {"title": "unfinished', behaviour.usage));
      case 'rate_limited':
        return sendJson(
          res,
          429,
          errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
          behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) },
        );
      case 'server_error': {
        const body = { ...errorBody('The server had an error while processing your request.', 'server_error', null) };
        const withUsage = behaviour.usage
          ? { ...body, usage: { ...behaviour.usage, total_tokens: behaviour.usage.prompt_tokens + behaviour.usage.completion_tokens } }
          : body;
        return sendJson(res, behaviour.status ?? 500, withUsage);
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(res, request, undefined);
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
    }
  };

  const { server, port } = await startJsonPostServer('/v1/chat/completions', (body, req, res) => {
    if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return sendJson(res, 400, errorBody("'model' and 'messages' are required", 'invalid_request_error', null));
    }
    const request: FakeChatRequest = {
      model: body.model,
      messages: body.messages as FakeChatMessage[],
      response_format: body.response_format as FakeChatRequest['response_format'],
      body,
      headers: req.headers,
      receivedAt: Date.now(),
    };
    requests.push(request);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    answer(res, request, queue.shift());
  });

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    enqueue: (...behaviours) => queue.push(...behaviours),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
