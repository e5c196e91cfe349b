import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeReply, FakeRequest } from './http.fake.js';
import { OpenAiFake, openAiError } from './openai.fake.js';

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
  headers: IncomingHttpHeaders;
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
  | { type: 'slow'; delayMs: number }
  /** Never answer (until the client gives up or the fake closes): a model stuck mid-call. */
  | { type: 'hang' };

/** Where OpenAI serves the API; an OpenAI-compatible server may serve it under another prefix (Workers AI: /client/v4/accounts/{id}/ai/v1). */
const DEFAULT_BASE_PATH = '/v1';

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
  // Like OpenAI, the structured-output schema counts as input.
  const schema = request.response_format?.json_schema?.schema;
  const promptTokens =
    usage?.prompt_tokens ?? estimateTokens(request.messages.map((message) => message.content).join('\n') + (schema ? JSON.stringify(schema) : ''));
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

/** A local stand-in for an OpenAI-compatible `POST /v1/chat/completions`, scriptable per test. */
export class FakeOpenAiChat extends OpenAiFake<FakeChatRequest> {
  private readonly queue: FakeChatBehaviour[] = [];
  private readonly basePath: string;

  constructor(options: { apiKey?: string; basePath?: string } = {}) {
    super(options.apiKey ?? 'sk-fake-test-key');
    this.basePath = options.basePath ?? DEFAULT_BASE_PATH;
    this.route('POST', `${this.basePath}/chat/completions`, (request, reply) => {
      const chat = this.chatRequestOf(request);
      if (!chat) {
        if (this.jsonBody(request, reply)) reply.json(400, openAiError("'model' and 'messages' are required", 'invalid_request_error', null));
        return;
      }
      if (!this.authorized(request)) return this.unauthorized(reply);
      return this.answer(reply, chat, this.queue.shift());
    });
  }

  /** Base URL as the SDK wants it (ends with /v1). */
  override get url(): string {
    return `${this.origin}${this.basePath}`;
  }

  /** Behaviours for the next requests, in order; after them every request gets the default answer. */
  enqueue(...behaviours: FakeChatBehaviour[]): void {
    this.queue.push(...behaviours);
  }

  protected override record(request: FakeRequest): FakeChatRequest | undefined {
    return request.routed ? this.chatRequestOf(request) : undefined;
  }

  private chatRequestOf(request: FakeRequest): FakeChatRequest | undefined {
    const body = request.body as Record<string, unknown> | undefined;
    if (typeof body?.model !== 'string' || !Array.isArray(body.messages)) return undefined;
    return {
      model: body.model,
      messages: body.messages as FakeChatMessage[],
      response_format: body.response_format as FakeChatRequest['response_format'],
      body,
      headers: request.headers,
      receivedAt: request.receivedAt,
    };
  }

  private async answer(reply: FakeReply, request: FakeChatRequest, behaviour: FakeChatBehaviour | undefined): Promise<void> {
    switch (behaviour?.type) {
      case undefined:
        return reply.json(200, completion(request, defaultContent(request)));
      case 'answer': {
        const content = typeof behaviour.content === 'function' ? behaviour.content(request) : behaviour.content;
        return reply.json(200, completion(request, content, behaviour.usage, behaviour.finishReason));
      }
      case 'invalid_json':
        return reply.json(200, completion(request, 'Sure! Here is the outline: {"title": "unfinished', behaviour.usage));
      case 'rate_limited':
        return this.rateLimited(reply, behaviour.retryAfterSeconds);
      case 'server_error': {
        const usage = behaviour.usage;
        return this.serverError(reply, behaviour.status, usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {});
      }
      case 'slow':
        await this.delay(behaviour.delayMs);
        return this.answer(reply, request, undefined);
      case 'hang':
        // Held until the client aborts (the fake records when the connection closed) or the fake closes.
        await new Promise<void>((resolve) => reply.onClose(() => resolve()));
        return;
    }
  }
}

export function startFakeOpenAiChat(options: { apiKey?: string } = {}): Promise<FakeOpenAiChat> {
  return new FakeOpenAiChat(options).start();
}
