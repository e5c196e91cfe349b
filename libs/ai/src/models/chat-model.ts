import type { ModelEngine } from '@app/shared';

/**
 * The one interface every AI step calls: a prompt plus a JSON schema in, validated
 * structured output plus usage out. Implementations: OpenAIChatModel (any OpenAI-compatible
 * server) and ExtractiveEngine (offline, no model).
 */

/** A JSON Schema (draft 2020-12 subset that OpenAI's structured outputs accept). */
export type JsonSchema = Record<string, unknown>;

export type { ModelEngine };

export interface ModelUsage {
  engine: ModelEngine;
  model: string;
  /** The named provider that served the call (openai, workers-ai …); absent for the offline engine. */
  provider?: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/** Reported once per model call, including calls that failed after spending tokens. */
export interface ModelCallRecord extends ModelUsage {
  /** True only for the call whose output the step used. */
  used: boolean;
  /** Set when the call failed or its output was rejected (e.g. 'invalid_json', 'schema_mismatch', 'http_429'). */
  failure?: string;
}

export interface StructuredRequest {
  /** Short, stable name of the output schema, e.g. 'outline'. */
  schemaName: string;
  schema: JsonSchema;
  system: string;
  prompt: string;
  /** Upper bound for the answer's tokens. */
  maxOutputTokens?: number;
  temperature?: number;
  /** Called for every model call made for this request (a repair attempt is a second call). */
  onCall?: (call: ModelCallRecord) => void | Promise<void>;
  /**
   * Called before every call to a paid model (a repair attempt too) with the most it may use; a
   * throw stops the request before anything is sent (a spending cap).
   */
  beforeCall?: (call: PlannedCall) => Promise<void>;
  /** Aborts the request in flight (a canceled job): nothing after the abort is billed. */
  signal?: AbortSignal;
}

/** What the next model call will use at most: its input as estimated before sending, its output budget. */
export interface PlannedCall {
  model: string;
  /** The named provider the call goes to: its prices apply. */
  provider?: string;
  tokensIn: number;
  tokensOut: number;
}

export interface StructuredResult<T> {
  output: T;
  /** Usage of the call whose output is returned. */
  usage: ModelUsage;
}

export interface ChatModel {
  readonly engine: ModelEngine;
  readonly model: string;
  generate<T>(request: StructuredRequest): Promise<StructuredResult<T>>;
}

/** Thrown when no valid output could be had (after the repair attempt) or the provider failed for good. */
export class ModelCallError extends Error {
  constructor(
    readonly code: 'invalid_output' | 'provider_error' | 'timeout' | 'rate_limited',
    message: string,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}
