import { applyJobEvent, EMPTY_PROGRESS, mergeSteps, usageByStep, type JobProgress } from './job-progress';

const at = '2026-12-02T08:00:00.000Z';
const job_id = 'j1';

describe('job progress from the event stream', () => {
  it('follows steps from started to finished, in order of first appearance', () => {
    let progress: JobProgress = EMPTY_PROGRESS;
    progress = applyJobEvent(progress, { type: 'job.started', job_id, at });
    progress = applyJobEvent(progress, { type: 'step.started', step: 'outline', job_id, at });
    progress = applyJobEvent(progress, { type: 'step.started', step: 'seo', job_id, at });
    expect(progress.steps.map((step) => [step.name, step.status])).toEqual([
      ['outline', 'running'],
      ['seo', 'running'],
    ]);
    progress = applyJobEvent(progress, { type: 'step.finished', step: 'outline', status: 'succeeded', duration_ms: 120, job_id, at });
    expect(progress.steps[0]).toEqual({ name: 'outline', status: 'succeeded', durationMs: 120 });
    expect(progress.status).toBe('running');
  });

  it('keeps a failed step with its code and the job failing with it', () => {
    let progress = applyJobEvent(EMPTY_PROGRESS, { type: 'step.failed', step: 'compose', error: { code: 'timeout', message: 'took too long' }, job_id, at });
    progress = applyJobEvent(progress, { type: 'job.finished', status: 'failed', error: { code: 'timeout', message: 'took too long' }, job_id, at });
    expect(progress.steps[0]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(progress).toMatchObject({ status: 'failed', error: { code: 'timeout', message: 'took too long' } });
  });

  it('does not let a replayed start event take a stored finished step back to running', () => {
    const stored = [{ name: 'outline', status: 'succeeded', durationMs: 50 }];
    expect(mergeSteps(stored, [{ name: 'outline', status: 'running', durationMs: null }, { name: 'seo', status: 'running', durationMs: null }])).toEqual([
      { name: 'outline', status: 'succeeded', durationMs: 50 },
      { name: 'seo', status: 'running', durationMs: null },
    ]);
  });

  it('sums tokens and cost by step', () => {
    const sums = usageByStep([
      { step_type: 'chapters.organize', tokens_in: 10, tokens_out: 5, cost_micros: 100 },
      { step_type: 'chapters.organize', tokens_in: 1, tokens_out: 1, cost_micros: 2 },
      { step_type: 'outline.generate', tokens_in: 3, tokens_out: 4, cost_micros: 7 },
    ]);
    expect(sums.get('chapters')).toEqual({ tokens: 17, costMicros: 102 });
    expect(sums.get('outline')).toEqual({ tokens: 7, costMicros: 7 });
  });
});
