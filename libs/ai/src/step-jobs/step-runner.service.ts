import { Injectable, Logger } from '@nestjs/common';
import { DomainError, type JobContext, type StepCommit } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { type ReleaseSpend, SpendingGuard, type StepUsage, UsageMeter } from '@app/billing';
import { type ChatModel, ModelCallError, type ModelCallRecord, type StructuredRequest } from '../models/chat-model.js';
import { ModelRouter } from '../routing/model-router.service.js';

export type StepRun<I, O> = (model: ChatModel, input: I, onCall: (call: ModelCallRecord) => Promise<void>) => Promise<O>;

/** What a step job's input may carry instead of text: a document of the caller's. */
interface SourceRef {
  text?: string;
  document_id?: string;
}

/** One step run's metering: its usage events, and the spending its calls reserved until those are written. */
interface StepMetering {
  usage: StepUsage;
  reservations: ReleaseSpend[];
  /** The checkpoint and the usage events in one statement; then the reservations end. */
  commit: StepCommit;
}

/**
 * Runs one AI step inside a job: resolves `document_id` to the caller's text (and transcript
 * segments), checkpoints the step together with one usage event per model call (billable only for
 * the call whose output was used) in one statement, and logs job_id, step, duration and tokens — never the text. Every
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
    const metering = this.metering(context, stepName);
    return context.step(
      stepName,
      async () => {
        // The job's routing table is the runner's business, never a step's input (nor a prompt's).
        const { model_routes: _routes, ...own } = input as I & SourceRef & { model_routes?: unknown };
        const resolved = await this.resolveSource(context.job.userId, own as I & SourceRef);
        return this.call(context, stepName, resolved, run, metering);
      },
      metering.commit,
    );
  }

  /**
   * Like run, for an input that is already complete (no `document_id` to resolve): a pipeline's
   * model step, checkpointed and metered under `stepName`.
   */
  async runResolved<I extends object, O>(context: JobContext, stepName: string, input: I, run: StepRun<I, O>): Promise<O> {
    const metering = this.metering(context, stepName);
    return context.step(stepName, () => this.call(context, stepName, input, run, metering), metering.commit);
  }

  /**
   * A step's usage events are written with its checkpoint (succeeded or failed), and a call's
   * reservation is held until then, so parallel steps never count it as unspent.
   */
  private metering(context: JobContext, stepName: string): StepMetering {
    const usage = this.usage.stepUsage({ userId: context.job.userId, jobId: context.job.id, step: stepName });
    const reservations: ReleaseSpend[] = [];
    const commit: StepCommit = async (checkpoint) => {
      try {
        await usage.commit(checkpoint);
      } finally {
        reservations.forEach((release) => release());
      }
    };
    return { usage, reservations, commit };
  }

  private async call<I extends object, O>(context: JobContext, stepName: string, resolved: I, run: StepRun<I, O>, metering: StepMetering): Promise<O> {
    const started = performance.now();
    let tokensIn = 0;
    let tokensOut = 0;
    let calls = 0;
    const onCall = async (call: ModelCallRecord) => {
      tokensIn += call.tokensIn;
      tokensOut += call.tokensOut;
      calls += 1;
      metering.usage.modelCall(calls, call);
    };
    const model = this.jobModel(context, stepName, metering.reservations);
    let output: O;
    try {
      output = await run(model, resolved, onCall);
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      if (error instanceof ModelCallError) {
        throw new DomainError(`model_${error.code}`, error.message, { retryable: error.code === 'rate_limited' || error.code === 'timeout' || error.code === 'provider_error' });
      }
      throw error;
    }
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
    // The caps are read once per job run, not per call.
    const caps = () => context.once('spending-caps', () => this.guard.capsOf(job.jobId));
    const beforeCall: StructuredRequest['beforeCall'] = async (planned) => {
      context.signal.throwIfAborted();
      reservations.push(await this.guard.reserve(job, planned, caps));
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
