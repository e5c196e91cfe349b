import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, JOB_TYPES, type JobType } from '@app/shared';
import { ACCOUNT_CURRENCY, microsToMinorUnits, PriceTable } from '@app/billing';
import { DocumentsService, MediaService } from '@app/ingestion';
import { aiConfig } from '../ai.config.js';
import { IMAGE_MODEL, type ImageModel } from '../images/image-model.js';
import type { ChatModel } from '../models/chat-model.js';
import { CHAT_MODEL } from '../models/model.factory.js';
import { AVAILABLE_IMAGES_LIMIT, availableImagesOf, type GenerateBlogOptions } from '../pipeline/generate-blog.inputs.js';
import { planGenerateBlog } from '../pipeline/generate-blog.quote.js';
import { isQuotableStep, planStep } from '../step-jobs/step.quote.js';
import { StepRunner } from '../step-jobs/step-runner.service.js';
import { type PlannedWork, plannedTokensIn } from './planned-work.js';

/** One step's share of a quote. */
export interface StepEstimate {
  step: string;
  /** `llm` for a chat model's calls, `image` for generated images. */
  kind: 'llm' | 'image';
  model: string;
  engine: string;
  calls: number;
  tokens_in: number;
  tokens_out: number;
  images: number;
  cost_micros: number;
}

/** What a job would cost, before it runs: no job, no usage, no charge. */
export interface JobQuote {
  dry_run: true;
  type: string;
  currency: typeof ACCOUNT_CURRENCY;
  steps: StepEstimate[];
  total: { calls: number; tokens_in: number; tokens_out: number; images: number; cost_micros: number; cost: number };
  /** The job's max_cost as given (minor units), and whether the estimate stays within it. */
  max_cost: number | null;
  within_max_cost: boolean | null;
  notes: string[];
}

export interface QuoteCommand {
  userId: string;
  type: JobType;
  input: Record<string, unknown>;
  /** The text the job would read when no document exists yet (pasted text). */
  sourceText?: string;
  maxCostMicros?: number | null;
}

/**
 * Prices a job before it runs, from the same prompt builders and source slicing the job uses,
 * the configured models and the price table. Reads the caller's document (404 for anyone else's);
 * writes nothing.
 */
@Injectable()
export class JobQuoter {
  constructor(
    @Inject(CHAT_MODEL) private readonly model: ChatModel,
    @Inject(IMAGE_MODEL) private readonly imageModel: ImageModel | null,
    @Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>,
    private readonly prices: PriceTable,
    private readonly documents: DocumentsService,
    private readonly media: MediaService,
    private readonly runner: StepRunner,
  ) {}

  async quote(command: QuoteCommand): Promise<JobQuote> {
    const work = await this.plan(command);
    const steps = this.price(work);
    const total = steps.reduce(
      (sum, step) => ({
        calls: sum.calls + step.calls,
        tokens_in: sum.tokens_in + step.tokens_in,
        tokens_out: sum.tokens_out + step.tokens_out,
        images: sum.images + step.images,
        cost_micros: sum.cost_micros + step.cost_micros,
      }),
      { calls: 0, tokens_in: 0, tokens_out: 0, images: 0, cost_micros: 0 },
    );
    const cap = command.maxCostMicros ?? null;
    return {
      dry_run: true,
      type: command.type,
      currency: ACCOUNT_CURRENCY,
      steps,
      total: { ...total, cost: microsToMinorUnits(total.cost_micros) },
      max_cost: cap === null ? null : microsToMinorUnits(cap),
      within_max_cost: cap === null ? null : total.cost_micros <= cap,
      notes: [
        ...work.notes,
        'Input tokens are counted over the exact prompts at 4 characters per token; output tokens from what each step is asked to write.',
      ],
    };
  }

  private async plan(command: QuoteCommand): Promise<PlannedWork> {
    const imagesMax = this.imageModel ? this.ai.images.maxPerPost : 0;
    if (command.type === JOB_TYPES.GENERATE_BLOG) {
      const input = command.input as { document_id?: string; youtube?: unknown; options?: GenerateBlogOptions };
      if (input.youtube) {
        throw DomainError.badField('youtube_url', 'a quote needs the source text: import the video first (POST /api/v1/documents/youtube), then quote with its document_id');
      }
      const text = input.document_id ? (await this.documents.get(command.userId, input.document_id)).rawText : (command.sourceText ?? '');
      const options = input.options ?? {};
      const availableImages = options.images ? availableImagesOf(await this.media.ownImages(command.userId, AVAILABLE_IMAGES_LIMIT)) : [];
      return planGenerateBlog(text, options, { availableImages, generatedImagesMax: imagesMax });
    }
    if (!isQuotableStep(command.type)) throw DomainError.badField('dry_run', `a ${command.type} job cannot be quoted`);
    const resolved = await this.runner.resolveSource(command.userId, command.input as Record<string, unknown> & { document_id?: string });
    return planStep(command.type, resolved, imagesMax);
  }

  /** Each step's calls and images priced from the price table; steps in the order the job makes them. */
  private price(work: PlannedWork): StepEstimate[] {
    const steps: StepEstimate[] = work.calls.map((call) => {
      const tokensIn = plannedTokensIn(call);
      return {
        step: call.step,
        kind: 'llm',
        model: this.model.model,
        engine: this.model.engine,
        calls: 1,
        tokens_in: tokensIn,
        tokens_out: call.tokensOut,
        images: 0,
        cost_micros: this.prices.costMicros(this.model.model, { tokensIn, tokensOut: call.tokensOut }),
      };
    });
    for (const planned of work.images) {
      const model = this.imageModel!;
      steps.push({
        step: planned.step,
        kind: 'image',
        model: model.model,
        engine: 'openai',
        calls: planned.images,
        tokens_in: 0,
        tokens_out: 0,
        images: planned.images,
        cost_micros: this.prices.costMicros(model.model, { images: planned.images, imageSize: model.size }),
      });
    }
    return steps;
  }
}
