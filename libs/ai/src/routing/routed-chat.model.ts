import { Logger } from '@nestjs/common';
import { type ModelRoute, routeName } from '@app/shared';
import { type ChatModel, ModelCallError, type StructuredRequest, type StructuredResult } from '../models/chat-model.js';

/** Failures that another provider may not have: the provider's, past its own retries. */
const FALLBACK_CODES: ReadonlySet<ModelCallError['code']> = new Set(['provider_error', 'timeout', 'rate_limited']);

export interface RoutedCandidate {
  route: ModelRoute;
  model: ChatModel;
}

/**
 * A step's models in order of preference: the first serves the step; when it fails for good with a
 * provider failure (5xx, timeout, 429, unreachable — after its own retries) and fallback is on, the
 * next one is asked. Each call reports its own provider and model in its usage, so the usage event
 * says who really served it.
 */
export class RoutedChatModel implements ChatModel {
  readonly engine = 'openai' as const;
  readonly model: string;
  private readonly logger = new Logger(RoutedChatModel.name);

  constructor(
    private readonly candidates: readonly RoutedCandidate[],
    private readonly fallback: boolean,
  ) {
    if (candidates.length === 0) throw new Error('a routed model needs at least one route');
    this.model = candidates[0]!.route.model;
  }

  /** `provider:model` of each route, in order. */
  get routes(): string[] {
    return this.candidates.map((candidate) => routeName(candidate.route));
  }

  async generate<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    for (let index = 0; ; index += 1) {
      const candidate = this.candidates[index]!;
      try {
        return await candidate.model.generate<T>(request);
      } catch (error) {
        const next = this.candidates[index + 1];
        const fallsBack = this.fallback && next !== undefined && !request.signal?.aborted && error instanceof ModelCallError && FALLBACK_CODES.has(error.code);
        if (!fallsBack) throw error;
        this.logger.warn({
          msg: 'model provider failed; falling back to the next route',
          schema: request.schemaName,
          from: routeName(candidate.route),
          to: routeName(next.route),
          code: error.code,
        });
      }
    }
  }
}
