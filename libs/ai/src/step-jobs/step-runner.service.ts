import { Injectable, Logger } from '@nestjs/common';
import { DomainError, type JobContext } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { type ReleaseSpend, SpendingGuard, UsageMeter } from '@app/billing';
import { type ChatModel, ModelCallError, type ModelCallRecord, type StructuredRequest } from '../models/chat-model.js';
import { ModelRouter } from '../routing/model-router.service.js';

export type StepRun<I, O> = (model: ChatModel, input: I, onCall: (call: ModelCallRecord) => Promise<void>) => Promise<O>;

/** What a step job's input may carry instead of text: a document of the caller's. */
interface SourceRef {
  text?: string;
  document_id?: string;
}

/**
 * Runs one AI step inside a job: resolves `document_id` to the caller's text (and transcript
 * segments), checkpoints the step, writes one usage event per model call (billable only for the
 * call whose output was used), and logs job_id, step, duration and tokens — never the text. Every
 * model call it makes carries the job's abort signal (a cancel or timeout stops it in flight) and
 * is held to the job's spending caps before it is sent.
 */
@Injectable()
export class StepRunner {
  private readonly logger = new Logger(StepRunner.name);

  constructor(
    private readonly router: ModelRouter,
    private readonly documents: DocumentsService,
    private readonly usage: UsageMeter,
    private readonly guard: SpendingGuard,
  ) {}

  async run<I extends object, O>(context: JobContext, stepName: string, input: I, run: StepRun<I, O>): Promise<O> {
    return context.step(stepName, async () => {
      // The job's routing table is the runner's business, never a step's input (nor a prompt's).
      const { model_routes: _routes, ...own } = input as I & SourceRef & { model_routes?: unknown };
      const resolved = await this.resolveSource(context.job.userId, own as I & SourceRef);
      return this.call(context, stepName, resolved, run);
    });
  }

  /**
   * Like run, for an input that is already complete (no `document_id` to resolve): a pipeline's
   * model step, checkpointed and metered under `stepName`.
   */
  async runResolved<I extends object, O>(context: JobContext, stepName: string, input: I, run: StepRun<I, O>): Promise<O> {
    return context.step(stepName, () => this.call(context, stepName, input, run));
  }

  private async call<I extends object, O>(context: JobContext, stepName: string, resolved: I, run: StepRun<I, O>): Promise<O> {
    const started = performance.now();
    let tokensIn = 0;
    let tokensOut = 0;
    // Usage rows are written while the step goes on (parsing, checks), and all of them before it returns:
    // a step is checkpointed only once its calls are billed.
    const usageWrites = new PendingWrites();
    const owner = { userId: context.job.userId, jobId: context.job.id, step: stepName };
    let calls = 0;
    const onCall = async (call: ModelCallRecord) => {
      tokensIn += call.tokensIn;
      tokensOut += call.tokensOut;
      calls += 1;
      usageWrites.add(this.usage.modelCall(owner, calls, call));
    };
    // A call's reservation is held until the step's usage rows are written, so parallel steps never count it as unspent.
    const reservations: ReleaseSpend[] = [];
    const model = this.jobModel(context, stepName, reservations);
    let output: O;
    try {
      output = await run(model, resolved, onCall);
    } catch (error) {
      await usageWrites.settled().finally(() => reservations.forEach((release) => release()));
      if (context.signal.aborted) throw context.signal.reason;
      if (error instanceof ModelCallError) {
        throw new DomainError(`model_${error.code}`, error.message, { retryable: error.code === 'rate_limited' || error.code === 'timeout' || error.code === 'provider_error' });
      }
      throw error;
    }
    await usageWrites.settled().finally(() => reservations.forEach((release) => release()));
    this.logger.log({
      msg: 'step finished',
      job_id: context.job.id,
      step: stepName,
      engine: model.engine,
      model: model.model,
      duration_ms: Math.round(performance.now() - started),
      tokens_in: tokensIn,
      tokens_out: tokensOut,
    });
    return output;
  }

  /** The step's model (its routes, else the default), with the job's abort signal and spending caps on every request. */
  private jobModel(context: JobContext, stepName: string, reservations: ReleaseSpend[]): ChatModel {
    const model = this.router.chatModelFor(stepName, context.job.input);
    const job = { userId: context.job.userId, jobId: context.job.id };
    const beforeCall: StructuredRequest['beforeCall'] = async (planned) => {
      context.signal.throwIfAborted();
      reservations.push(await this.guard.reserve(job, planned));
    };
    return {
      engine: model.engine,
      model: model.model,
      generate: (request) => model.generate({ ...request, signal: request.signal ?? context.signal, beforeCall }),
    };
  }

  /** A step input with `document_id` replaced by the caller's text (and transcript segments); 404 for another's document. */
  async resolveSource<I extends SourceRef>(userId: string, input: I): Promise<I> {
    if (!input.document_id) return input;
    const document = await this.documents.get(userId, input.document_id);
    const segments = (document.metadata as { segments?: unknown }).segments;
    const { document_id: _documentId, ...rest } = input;
    return { ...rest, text: document.rawText, ...(Array.isArray(segments) && !('segments' in rest) ? { segments } : {}) } as I;
  }
}

/** Writes started without waiting; settled() waits for all of them and throws the first failure. */
class PendingWrites {
  private readonly pending: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  add(write: Promise<unknown>): void {
    this.pending.push(
      write.then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
  }

  async settled(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }
}
