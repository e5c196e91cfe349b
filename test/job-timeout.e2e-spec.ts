import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

describe('JOB_TIMEOUT_S: a stuck job fails with timeout', () => {
  const stack = useStack({
    worker: true,
    fakes: { openaiChat: true },
    env: { JOB_TIMEOUT_S: '2', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '50', LLM_TIMEOUT_MS: '120000', LLM_MAX_RETRIES: '0' },
  });
  const { openaiChat: fake } = stack.fakes;

  it('aborts the hanging model call, fails the job with timeout (no retry) and bills nothing', async () => {
    const user = await stack.user();
    fake.enqueue({ type: 'hang' });
    const sentBefore = fake.requests.length;
    const res = await stack.api.http.post('/api/v1/steps/outline.generate').set(user.auth).send({ text: SAMPLE }).expect(202);
    await waitFor(() => fake.requests.length > sentBefore, 15_000, 'the model call');
    const job = await stack.job(user, res.body.job_id, 'failed', 10_000);
    expect(job.error).toMatchObject({ code: 'timeout' });
    expect(job.error.message).toMatch(/JOB_TIMEOUT_S/);
    expect(job.attempts).toBe(1);
    expect(job.duration_ms).toBeGreaterThanOrEqual(1_900);
    expect(job.duration_ms).toBeLessThan(4_000);
    expect(fake.requests.length - sentBefore).toBe(1);
    expect(await stack.sql('select id from usage_events where job_id = ?', [res.body.job_id])).toEqual([]);
  }, 30_000);
});
