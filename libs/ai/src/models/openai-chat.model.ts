import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type OpenAI from 'openai';
import { lazyPackage } from '@app/shared';
import {
  ModelCallError,
  type ChatModel,
  type JsonSchema,
  type ModelCallRecord,
  type ModelUsage,
  type StructuredRequest,
  type StructuredResult,
} from './chat-model.js';
import { CHAT_MODEL_DEFAULTS } from '../ai.config.js';
import type { ModelRateLimiter } from './model-rate-limiter.js';
import { retryAfterMs } from './retry-after.js';
import { DEFAULT_OUTPUT_TOKENS, requestInputTokens } from './token-estimate.js';

// Loaded with the first model call, not at start: most API processes never call a model themselves.
const openai = lazyPackage<typeof import('openai')>('openai');
const ajv2020 = lazyPackage<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');

export type StructuredOutputMode = 'json_schema' | 'json_object';

export interface OpenAIChatModelOptions {
  /** Any OpenAI-compatible endpoint, e.g. https://api.openai.com/v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** The provider's name in MODEL_PROVIDERS (openai unless told): recorded on every call's usage, its prices apply. */
  provider?: string;
  /** Per HTTP attempt; the SDK retries timed-out attempts. */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx/timeouts/connection errors, honouring Retry-After (done by the SDK). */
  maxRetries?: number;
  /** json_object for servers that ignore json_schema: the schema then goes into the system prompt. */
  structuredOutput?: StructuredOutputMode;
  /** Shared concurrency/TPM limit; none when absent. */
  limiter?: ModelRateLimiter;
  /** Output budget assumed for the rate limiter when a request sets no maxOutputTokens. */
  defaultOutputTokensEstimate?: number;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

type Checked<T> = { ok: true; value: T } | { ok: false; failure: string; detail: string };

interface CallOutcome {
  content: string | null;
  refusal: string | null;
  usage: ModelUsage;
}

/** The bad answer sent back in the repair call is capped: a runaway answer must not double the bill. */
const MAX_ECHOED_ANSWER_CHARS = 16_000;
const SCHEMA_NAME_PATTERN = /[^a-zA-Z0-9_-]/g;

/** Failed HTTP attempts that still reported usage, collected per generate() by the fetch wrapper. */
const failedAttempts = new AsyncLocalStorage<ModelCallRecord[]>();

/**
 * ChatModel on the openai SDK, for OpenAI and every OpenAI-compatible server. Output is parsed and
 * validated against the request's schema; one repair call is made when it does not validate.
 */
export class OpenAIChatModel implements ChatModel {
  readonly engine = 'openai' as const;
  readonly model: string;
  readonly provider: string;
  private readonly logger = new Logger(OpenAIChatModel.name);
  private clientInstance?: OpenAI;
  private ajvInstance?: Ajv2020;
  private readonly validators = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly structuredOutput: StructuredOutputMode;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.model = options.model;
    this.provider = options.provider ?? 'openai';
    this.structuredOutput = options.structuredOutput ?? CHAT_MODEL_DEFAULTS.structuredOutput;
  }

  private get client(): OpenAI {
    const options = this.options;
    const logger = this.logger;
    return (this.clientInstance ??= new (openai().OpenAI)({
      baseURL: options.baseURL,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? CHAT_MODEL_DEFAULTS.timeoutMs,
      maxRetries: options.maxRetries ?? CHAT_MODEL_DEFAULTS.maxRetries,
      fetch: (input, init) => this.observedFetch(input, init),
      logLevel: 'warn',
      // The SDK's extra arguments can hold request details (bodies); only its message is kept.
      logger: {
        error: (message: string) => logger.error({ msg: 'openai sdk', detail: message }),
        warn: (message: string) => logger.warn({ msg: 'openai sdk', detail: message }),
        info: (message: string) => logger.log({ msg: 'openai sdk', detail: message }),
        debug: (message: string) => logger.debug({ msg: 'openai sdk', detail: message }),
      },
    }));
  }

  private get ajv(): Ajv2020 {
    return (this.ajvInstance ??= new (ajv2020().Ajv2020)({ allErrors: true, strict: false }));
  }

  async generate<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    const validate = this.validatorFor(request.schema);
    const messages = this.messagesFor(request);

    const first = await this.call(request, messages);
    const firstCheck = this.check<T>(first, validate);
    if (firstCheck.ok) return this.accept(request, first, firstCheck.value);
    await this.report(request, { ...first.usage, used: false, failure: firstCheck.failure });
    this.logger.warn({
      msg: 'model output rejected; asking for a repair',
      model: this.model,
      schema: request.schemaName,
      failure: firstCheck.failure,
      output_length: first.content?.length ?? 0,
    });

    const repair = await this.call(request, [
      ...messages,
      { role: 'assistant', content: (first.content ?? '').slice(0, MAX_ECHOED_ANSWER_CHARS) },
      {
        role: 'user',
        content:
          `Your answer is not valid: ${firstCheck.detail}\n` +
          'Reply again with only the corrected JSON object, valid against the schema, with no other text.',
      },
    ]);
    const repairCheck = this.check<T>(repair, validate);
    if (repairCheck.ok) return this.accept(request, repair, repairCheck.value);
    await this.report(request, { ...repair.usage, used: false, failure: repairCheck.failure });
    this.logger.warn({
      msg: 'model output rejected after repair',
      model: this.model,
      schema: request.schemaName,
      failure: repairCheck.failure,
      output_length: repair.content?.length ?? 0,
    });
    throw new ModelCallError(
      'invalid_output',
      `model output for '${request.schemaName}' is invalid after one repair (${repairCheck.failure})`,
    );
  }

  private async accept<T>(request: StructuredRequest, outcome: CallOutcome, value: T): Promise<StructuredResult<T>> {
    await this.report(request, { ...outcome.usage, used: true });
    this.logger.debug({
      msg: 'model call',
      model: this.model,
      schema: request.schemaName,
      tokens_in: outcome.usage.tokensIn,
      tokens_out: outcome.usage.tokensOut,
      latency_ms: outcome.usage.latencyMs,
    });
    return { output: value, usage: outcome.usage };
  }

  private async report(request: StructuredRequest, record: ModelCallRecord): Promise<void> {
    await request.onCall?.(record);
  }

  /** One chat completion (the SDK's retries included); throws ModelCallError when it fails for good. */
  private async call(request: StructuredRequest, messages: Message[]): Promise<CallOutcome> {
    request.signal?.throwIfAborted();
    const maxTokensOut = request.maxOutputTokens ?? this.options.defaultOutputTokensEstimate ?? DEFAULT_OUTPUT_TOKENS;
    const tokensIn = this.estimateInputTokens(request, messages);
    await request.beforeCall?.({ model: this.model, provider: this.provider, tokensIn, tokensOut: maxTokensOut });
    const lease = await this.options.limiter?.acquire({
      estimatedTokens: tokensIn + maxTokensOut,
      signal: request.signal,
    });
    const failures: ModelCallRecord[] = [];
    const started = Date.now();
    let spentTokens = 0;
    try {
      const completion = await failedAttempts.run(failures, () =>
        this.client.chat.completions.create(
          {
            model: this.model,
            messages,
            response_format: this.responseFormat(request),
            ...(request.maxOutputTokens === undefined ? {} : { max_tokens: request.maxOutputTokens }),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: request.signal },
        ),
      );
      const usage: ModelUsage = {
        engine: this.engine,
        // The configured name, not the dated one the provider echoes: pricing is keyed by it.
        model: this.model,
        provider: this.provider,
        tokensIn: completion.usage?.prompt_tokens ?? 0,
        tokensOut: completion.usage?.completion_tokens ?? 0,
        latencyMs: Date.now() - started,
      };
      spentTokens = usage.tokensIn + usage.tokensOut;
      const message = completion.choices[0]?.message;
      return { content: message?.content ?? null, refusal: message?.refusal ?? null, usage };
    } catch (error) {
      throw this.toModelCallError(error, request);
    } finally {
      spentTokens += failures.reduce((sum, failure) => sum + failure.tokensIn + failure.tokensOut, 0);
      // An unreleased lease only expires later; that is no reason to fail a call that is done.
      await lease?.release(spentTokens).catch((error: unknown) => {
        this.logger.warn({ msg: 'model rate limit lease not released', model: this.model, detail: String(error) });
      });
      for (const failure of failures) await this.report(request, failure);
    }
  }

  /** Passes every HTTP attempt through, noting failed ones whose error body still reported usage. */
  private async observedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      // fetch's DOMException can come from another realm (jest's vm); the SDK then fails to see the
      // abort behind its own timeout and reports a connection error. An AbortError of this realm it sees.
      if (init?.signal?.aborted && !(error instanceof Error)) {
        const abort = new Error('the request was aborted', { cause: error });
        abort.name = 'AbortError';
        throw abort;
      }
      throw error;
    }
    // Every process holds its new calls to this provider while it asks to back off.
    if (response.status === 429) await this.options.limiter?.backOff(retryAfterMs(response.headers)).catch(() => undefined);
    const sink = failedAttempts.getStore();
    if (!response.ok && sink) {
      const usage = await response
        .clone()
        .json()
        .then((body: unknown) => (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } })?.usage)
        .catch(() => undefined);
      const tokensIn = Number(usage?.prompt_tokens ?? 0) || 0;
      const tokensOut = Number(usage?.completion_tokens ?? 0) || 0;
      if (tokensIn + tokensOut > 0) {
        sink.push({
          engine: this.engine,
          model: this.model,
          provider: this.provider,
          tokensIn,
          tokensOut,
          latencyMs: Date.now() - started,
          used: false,
          failure: `http_${response.status}`,
        });
      }
    }
    return response;
  }

  private toModelCallError(error: unknown, request: StructuredRequest): unknown {
    if (error instanceof ModelCallError) return error;
    // A canceled request is the caller's decision, not a provider failure.
    if (request.signal?.aborted) return request.signal.reason ?? error;
    const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } = openai();
    if (error instanceof APIUserAbortError) return error;
    let mapped: ModelCallError;
    if (error instanceof APIConnectionTimeoutError) {
      mapped = new ModelCallError('timeout', `model call timed out after ${this.client.maxRetries + 1} attempts`);
    } else if (error instanceof RateLimitError) {
      mapped = new ModelCallError('rate_limited', `provider still rate limiting after ${this.client.maxRetries + 1} attempts`);
    } else if (error instanceof APIConnectionError) {
      mapped = new ModelCallError('provider_error', 'could not reach the model provider');
    } else if (error instanceof APIError) {
      const code = error.code ?? error.type;
      mapped = new ModelCallError('provider_error', `provider answered ${error.status}${code ? ` (${code})` : ''}`);
    } else {
      mapped = new ModelCallError('provider_error', 'model call failed');
    }
    mapped.cause = error;
    this.logger.warn({ msg: 'model call failed', provider: this.provider, model: this.model, schema: request.schemaName, code: mapped.code, detail: mapped.message });
    return mapped;
  }

  private messagesFor(request: StructuredRequest): Message[] {
    const system =
      this.structuredOutput === 'json_object'
        ? `${request.system}\n\nAnswer with one JSON object, and nothing else, that is valid against this JSON Schema:\n${JSON.stringify(request.schema)}`
        : request.system;
    return [
      { role: 'system', content: system },
      { role: 'user', content: request.prompt },
    ];
  }

  private responseFormat(request: StructuredRequest) {
    if (this.structuredOutput === 'json_object') return { type: 'json_object' as const };
    return {
      type: 'json_schema' as const,
      json_schema: {
        name: request.schemaName.replace(SCHEMA_NAME_PATTERN, '_').slice(0, 64) || 'output',
        schema: request.schema,
        strict: true,
      },
    };
  }

  /** The request's first message pair as requestInputTokens counts it, plus what a repair call adds. */
  private estimateInputTokens(request: StructuredRequest, messages: Message[]): number {
    const extra = messages.slice(2).reduce((sum, message) => sum + message.content.length, 0);
    return requestInputTokens(request) + Math.ceil(extra / 4);
  }

  private validatorFor(schema: JsonSchema): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      // Ajv refuses to compile a second schema with an $id it already holds.
      const id = typeof schema.$id === 'string' ? schema.$id : undefined;
      validate = (id ? this.ajv.getSchema(id) : undefined) ?? this.ajv.compile(schema);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  private check<T>(outcome: CallOutcome, validate: ValidateFunction): Checked<T> {
    if (outcome.refusal) return { ok: false, failure: 'refusal', detail: 'you refused to answer' };
    const content = outcome.content?.trim() ?? '';
    if (!content) return { ok: false, failure: 'empty', detail: 'the answer was empty' };
    const parsed = parseJson(content);
    if (!parsed.ok) return { ok: false, failure: 'invalid_json', detail: `it is not parseable JSON (${parsed.error})` };
    if (!validate(parsed.value)) {
      return { ok: false, failure: 'schema_mismatch', detail: `it does not match the schema: ${describe(validate.errors ?? [])}` };
    }
    return { ok: true, value: parsed.value as T };
  }
}

/** JSON as sent, or inside a ```json fence (servers that ignore response_format tend to fence it). */
function parseJson(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch (error) {
    const fenced = /```(?:json)?[^\S\n]*\n?([\s\S]*?)```/i.exec(content);
    if (fenced) {
      try {
        return { ok: true, value: JSON.parse(fenced[1]!) };
      } catch {
        // fall through to report the first error
      }
    }
    return { ok: false, error: error instanceof Error ? error.message : 'unparseable' };
  }
}

function describe(errors: ErrorObject[]): string {
  return errors
    .slice(0, 10)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}
