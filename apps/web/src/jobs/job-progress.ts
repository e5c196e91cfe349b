import type { JobEvent } from '@scriptorium/sdk';

/** One step of a job as the job page shows it, from the stored job and the live events. */
export interface StepRow {
  name: string;
  status: string;
  durationMs: number | null;
  error?: { code: string; message: string };
}

export interface JobProgress {
  status: string | null;
  steps: StepRow[];
  error?: { code: string; message: string };
}

export const EMPTY_PROGRESS: JobProgress = { status: null, steps: [] };

/** Applies one Server-Sent Event of GET /jobs/{id}/events; pure, so the page and the tests share it. */
export function applyJobEvent(progress: JobProgress, event: JobEvent): JobProgress {
  switch (event.type) {
    case 'job.started':
      return { ...progress, status: 'running' };
    case 'step.started':
      return withStep(progress, event.step!, { status: 'running', durationMs: null });
    case 'step.finished':
      return withStep(progress, event.step!, { status: event.status ?? 'succeeded', durationMs: event.duration_ms ?? null });
    case 'step.failed':
      return withStep(progress, event.step!, { status: 'failed', durationMs: event.duration_ms ?? null, error: event.error });
    case 'job.finished':
      return { ...progress, status: event.status ?? 'succeeded', ...(event.error ? { error: event.error } : {}) };
    default:
      return progress;
  }
}

function withStep(progress: JobProgress, name: string, change: Omit<StepRow, 'name'>): JobProgress {
  const index = progress.steps.findIndex((step) => step.name === name);
  if (index < 0) return { ...progress, steps: [...progress.steps, { name, ...change }] };
  const steps = progress.steps.slice();
  steps[index] = { ...steps[index]!, ...change };
  return { ...progress, steps };
}

/** The stored steps (GET /jobs/{id}) with what the stream said since, stream last: it is newer. */
export function mergeSteps(stored: StepRow[], live: StepRow[]): StepRow[] {
  const merged = new Map<string, StepRow>();
  for (const step of stored) merged.set(step.name, step);
  for (const step of live) {
    const before = merged.get(step.name);
    // A finished stored step is never taken back to running by a replayed start event.
    if (before && before.status !== 'running' && step.status === 'running') continue;
    merged.set(step.name, { ...before, ...step, durationMs: step.durationMs ?? before?.durationMs ?? null });
  }
  return [...merged.values()];
}

export const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/** Usage events of a job summed by the step that made them: tokens and cost beside each step. */
export function usageByStep(events: { step_type: string; tokens_in: number; tokens_out: number; cost_micros: number }[]): Map<string, { tokens: number; costMicros: number }> {
  const sums = new Map<string, { tokens: number; costMicros: number }>();
  for (const event of events) {
    const key = stepOfUsage(event.step_type);
    const sum = sums.get(key) ?? { tokens: 0, costMicros: 0 };
    sum.tokens += event.tokens_in + event.tokens_out;
    sum.costMicros += event.cost_micros;
    sums.set(key, sum);
  }
  return sums;
}

/** `outline.generate` → `outline`; a chapter's `chapters.organize#2` → `chapter_2` when marked so. */
export function stepOfUsage(stepType: string): string {
  return stepType.split('.')[0]!;
}
