import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import type { ChatModel, ModelEngine, StructuredRequest, StructuredResult } from '../models/chat-model.js';

/**
 * Stands in for the configured model while the pipeline is walked through: it keeps each request
 * the job would send (the exact prompt, built by the job's own code from the same cleaned source
 * and chapter slices) and answers with what the offline engine writes for it, so the later steps
 * get an outline and drafts to build their prompts from.
 */
export class RecordingModel implements ChatModel {
  private readonly answerer = new ExtractiveEngine();

  constructor(
    readonly engine: ModelEngine,
    readonly model: string,
    private readonly record: (request: StructuredRequest, output: unknown) => void,
  ) {}

  async generate<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    const answer = await this.answerer.generate<T>({ ...request, onCall: undefined });
    this.record(request, answer.output);
    return { output: answer.output, usage: { ...answer.usage, engine: this.engine, model: this.model } };
  }
}
