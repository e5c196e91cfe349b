import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, JOB_TYPES, type JobType } from '@app/shared';
import { ACCOUNT_CURRENCY, microsToMinorUnits, PriceTable } from '@app/billing';
import { DocumentsService, MediaService } from '@app/ingestion';
import { aiConfig } from '../ai.config.js';
import { ModelRouter } from '../routing/model-router.service.js';
import { STEP_NAMES } from '../step-jobs/step-job.handlers.js';
import { AVAILABLE_IMAGES_LIMIT, availableImagesOf } from '../pipeline/generate-blog.inputs.js';
import { type GenerateBlogOptions } from '../pipeline/post-writer.js';
import { citationSourceOf } from '../writing/post-citations.js';
import { type SourceFacts } from '../writing/source-plan.js';
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
  /** The provider that would serve the step first (its prices apply); fallback routes are not priced. */
  provider: string;
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
    private readonly router: ModelRouter,
    @Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>,
    private readonly prices: PriceTable,
    private readonly documents: DocumentsService,
    private readonly media: MediaService,
    private readonly runner: StepRunner,
  ) {}

  async quote(command: QuoteCommand): Promise<JobQuote> {
    const work = await this.plan(command);
    const steps = this.price(work, command.input);
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
    const imagesMax = this.router.imageModelFor(command.input) ? this.ai.images.maxPerPost : 0;
    if (command.type === JOB_TYPES.GENERATE_BLOG) {
      const input = command.input as { document_id?: string; youtube?: unknown; options?: GenerateBlogOptions };
      if (input.youtube) {
        throw DomainError.badField('youtube_url', 'a quote needs the source text: import the video first (POST /api/v1/documents/youtube), then quote with its document_id');
      }
      const document = input.document_id ? await this.documents.get(command.userId, input.document_id) : null;
      const text = document ? document.rawText : (command.sourceText ?? '');
      const facts: SourceFacts = document ? { ...(document.metadata as SourceFacts), title: document.title } : {};
      const options = input.options ?? {};
      const availableImages = options.images ? availableImagesOf(await this.media.ownImages(command.userId, AVAILABLE_IMAGES_LIMIT)) : [];
      const model = this.router.chatModelFor('outline', command.input);
      return planGenerateBlog(text, options, {
        engine: model.engine,
        model: model.model,
        facts,
        citationSource: citationSourceOf(document ?? { sourceType: 'text' }, facts),
        availableImages,
        generatedImagesMax: imagesMax,
      });
    }
    if (!isQuotableStep(command.type)) throw DomainError.badField('dry_run', `a ${command.type} job cannot be quoted`);
    const { model_routes: _routes, ...input } = command.input;
    const resolved = await this.runner.resolveSource(command.userId, input as Record<string, unknown> & { document_id?: string });
    return planStep(command.type, resolved, this.router.chatModelFor(STEP_NAMES[command.type], command.input), imagesMax);
  }

  /** Each step's calls and images priced from its first route's provider (else the price table); steps in the order the job makes them. */
  private price(work: PlannedWork, input: Record<string, unknown>): StepEstimate[] {
    const steps: StepEstimate[] = work.calls.map((call) => {
      const tokensIn = plannedTokensIn(call);
      const route = this.router.firstRoute(call.step.replace(/:\d+$/, ''), input);
      return {
        step: call.step,
        kind: 'llm',
        model: route.model,
        provider: route.provider,
        engine: route.provider === 'extractive' ? 'extractive' : 'openai',
        calls: 1,
        tokens_in: tokensIn,
        tokens_out: call.tokensOut,
        images: 0,
        cost_micros: this.prices.costMicros(route.model, { tokensIn, tokensOut: call.tokensOut }, route.provider),
      };
    });
    const routedImages = this.router.imageModelFor(input);
    for (const planned of work.images) {
      const { model, provider } = routedImages!;
      steps.push({
        step: planned.step,
        kind: 'image',
        model: model.model,
        provider,
        engine: 'openai',
        calls: planned.images,
        tokens_in: 0,
        tokens_out: 0,
        images: planned.images,
        cost_micros: this.prices.costMicros(model.model, { images: planned.images, imageSize: model.size }, provider),
      });
    }
    return steps;
  }
}
