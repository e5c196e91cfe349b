import { JOB_TYPES, type JobType } from '@app/shared';
import type { ModelEngine } from '../models/chat-model.js';
import { type PlannedModelCall, type PlannedWork, answerTokens } from '../quote/planned-work.js';
import { RecordingModel } from '../quote/recording.model.js';
import { type PlannedImage } from '../steps/images-plan.step.js';
import { STEP_NAMES, STEP_RUNS } from './step-job.handlers.js';
import type { StepRun } from './step-runner.service.js';

/** The step job types a quote can be given for (every step that may pay a model). */
export type QuotableStepType = keyof typeof STEP_NAMES;

export function isQuotableStep(type: JobType): type is QuotableStepType {
  return type in STEP_NAMES;
}

/**
 * The model calls (and images) one step job would make for its resolved input (text in place of
 * document_id): the step's own code runs against a recording model, so each prompt is the one the
 * job sends; each answer is expected as long as the offline engine's for the same request.
 */
export async function planStep(
  type: QuotableStepType,
  input: Record<string, unknown>,
  model: { engine: ModelEngine; model: string },
  generatedImagesMax: number,
): Promise<PlannedWork> {
  const step = STEP_NAMES[type];
  if (type === JOB_TYPES.STEP_IMAGES_GENERATE) {
    const planned = ((input.images ?? []) as PlannedImage[]).filter((image) => !image.media_id);
    const generated = Math.min(planned.length, generatedImagesMax);
    return {
      calls: [],
      images: generated > 0 ? [{ step, images: generated }] : [],
      notes: planned.length > 0 && generatedImagesMax === 0 ? ['No image model is configured: nothing is generated.'] : [],
    };
  }
  const calls: PlannedModelCall[] = [];
  const recorder = new RecordingModel(model.engine, model.model, (request, output) => {
    calls.push({ step: calls.length === 0 ? step : `${step}:${calls.length + 1}`, request, tokensOut: answerTokens(output) });
  });
  const run = STEP_RUNS[type] as StepRun<object, unknown>;
  await run(recorder, input, async () => undefined);
  return { calls, images: [], notes: [] };
}
