import type { ChatModel, ModelEngine, StructuredRequest, StructuredResult } from '../../models/chat-model.js';

/** A ChatModel for specs that answers every request with the given output and records what it was asked. */
export class ScriptedChatModel implements ChatModel {
  readonly engine: ModelEngine = 'openai';
  readonly model = 'scripted';
  readonly requests: StructuredRequest[] = [];

  constructor(private readonly answer: (request: StructuredRequest) => unknown) {}

  async generate<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    this.requests.push(request);
    const usage = { engine: this.engine, model: this.model, tokensIn: 1, tokensOut: 1, latencyMs: 0 };
    await request.onCall?.({ ...usage, used: true });
    return { output: this.answer(request) as T, usage };
  }
}
