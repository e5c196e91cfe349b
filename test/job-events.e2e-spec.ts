import type { AddressInfo } from 'node:net';
import type { SeededUser } from './support/accounts.js';
import { readEvents } from './support/sse-events.js';
import { useStack } from './support/use-stack.js';

describe('job events: Server-Sent Events of a job from the worker through Redis Streams', () => {
  const stack = useStack({ worker: true, listen: true, env: { JOB_ATTEMPTS: '1' } });
  let shared: typeof import('@app/shared');
  let base: string;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    shared = await import('@app/shared');
    base = stack.url;
    alice = await stack.user();
    bob = await stack.user();
  });

  const createJob = (owner: SeededUser, input: Record<string, unknown>) =>
    stack.api.app.get(shared.JobsService).create({ userId: owner.user.id, type: shared.JOB_TYPES.DIAGNOSTICS, input });
  const eventsUrl = (jobId: string) => `${base}/api/v1/jobs/${jobId}/events`;

  it('streams job.started, each step, then job.finished, and ends; a reconnect with Last-Event-ID gets only later events', async () => {
    const job = await createJob(alice, { steps: 3, step_ms: 200, echo: 'secret text' });
    const live = await readEvents(eventsUrl(job.id), alice.auth);
    expect(live.status).toBe(200);
    expect(live.contentType).toMatch(/^text\/event-stream/);
    expect(live.events.map((event) => [event.event, event.data.step ?? event.data.status])).toEqual([
      ['job.started', 'running'],
      ['step.started', 'step_1'],
      ['step.finished', 'step_1'],
      ['step.started', 'step_2'],
      ['step.finished', 'step_2'],
      ['step.started', 'step_3'],
      ['step.finished', 'step_3'],
      ['job.finished', 'succeeded'],
    ]);
    for (const event of live.events) {
      expect(event.id).toMatch(/^\d+-\d+$/);
      expect(event.data).toMatchObject({ job_id: job.id, type: event.event });
      expect(new Date(event.data.at).toString()).not.toBe('Invalid Date');
    }
    expect(live.events[2].data.duration_ms).toBeGreaterThanOrEqual(150);
    expect(live.events.at(-1)!.data.status).toBe('succeeded');
    // Progress only: neither the input nor the output travels in events.
    expect(JSON.stringify(live.events)).not.toContain('secret text');

    const resumed = await readEvents(eventsUrl(job.id), { ...alice.auth, 'Last-Event-ID': live.events[1].id! });
    expect(resumed.events.map((event) => event.id)).toEqual(live.events.slice(2).map((event) => event.id));

    const byQuery = await readEvents(`${eventsUrl(job.id)}?last_event_id=${live.events[5].id}`, alice.auth);
    expect(byQuery.events.map((event) => event.event)).toEqual(['step.finished', 'job.finished']);
  });

  it('follows a job from a second, separate API instance, since events travel through Redis', async () => {
    const { bootApi } = await import('./support/api.js');
    const other = await bootApi();
    try {
      await other.app.listen(0, '127.0.0.1');
      const otherBase = `http://127.0.0.1:${(other.app.getHttpServer().address() as AddressInfo).port}`;
      const job = await createJob(alice, { steps: 2, step_ms: 200 });
      const [here, there] = await Promise.all([
        readEvents(eventsUrl(job.id), alice.auth),
        readEvents(`${otherBase}/api/v1/jobs/${job.id}/events`, alice.auth),
      ]);
      expect(there.events.map((event) => event.event)).toEqual(['job.started', 'step.started', 'step.finished', 'step.started', 'step.finished', 'job.finished']);
      expect(there.events.map((event) => event.id)).toEqual(here.events.map((event) => event.id));
    } finally {
      await other.close();
    }
  });

  it('ends a failed job with step.failed carrying the error code, then job.finished failed', async () => {
    const job = await createJob(alice, { steps: 3, step_ms: 50, fail_step: 2 });
    const { events } = await readEvents(eventsUrl(job.id), alice.auth);
    expect(events.map((event) => event.event)).toEqual([
      'job.started',
      'step.started',
      'step.finished',
      'step.started',
      'step.failed',
      'job.finished',
    ]);
    expect(events[4].data).toMatchObject({ step: 'step_2', error: { code: 'diagnostics_step_failed' } });
    expect(events[5].data).toMatchObject({ status: 'failed', error: { code: 'diagnostics_step_failed' } });
  });

  it('sends one job.finished from the row for a finished job whose events expired', async () => {
    const job = await createJob(alice, { steps: 1 });
    await stack.job(alice, job.id, 'succeeded');
    await stack.api.app.get(shared.RedisService).client.del(stack.api.app.get(shared.JobEventsPublisher).key(job.id));
    const { events } = await readEvents(eventsUrl(job.id), alice.auth);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'job.finished', data: { job_id: job.id, status: 'succeeded' } });
  });

  it('ends the stream of a queued job canceled before it ran', async () => {
    // Stopped worker: the job stays queued.
    stack.worker.child.kill('SIGSTOP');
    try {
      const job = await createJob(alice, { steps: 1 });
      const reading = readEvents(eventsUrl(job.id), alice.auth);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stack.api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(alice.auth).expect(202);
      const { events } = await reading;
      expect(events.map((event) => [event.event, event.data.status])).toEqual([['job.finished', 'canceled']]);
    } finally {
      stack.worker.child.kill('SIGCONT');
    }
  });

  it('answers 404 for another user’s job, 401 without credentials, 400 for a bad id or Last-Event-ID', async () => {
    const job = await createJob(alice, { steps: 1 });
    expect((await readEvents(eventsUrl(job.id), bob.auth)).status).toBe(404);
    expect((await readEvents(eventsUrl(job.id), {})).status).toBe(401);
    expect((await readEvents(`${base}/api/v1/jobs/not-a-uuid/events`, alice.auth)).status).toBe(400);
    expect((await readEvents(eventsUrl(job.id), { ...alice.auth, 'Last-Event-ID': 'nope' })).status).toBe(400);
    await stack.job(alice, job.id, 'succeeded');
  });
});
