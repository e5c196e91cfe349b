import { randomUUID } from 'node:crypto';
import { stopProcess, waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

describe('meter events outbox: failed reports are retried with backoff, each counted once', () => {
  const stack = useStack({
    // The meter reporter sends every tenant's usage: other suites' reporters must not take ours.
    ownDatabase: true,
    fakes: { stripeMeter: { secretKey: 'sk_test_fake' } },
    // Only the scheduled run at the worker's start and the retries it schedules: the interval is an hour.
    env: { METER_REPORT_INTERVAL_S: '3600', METER_RETRY_BASE_MS: '300', METER_RETRY_MAX_MS: '2000' },
  });
  const { stripeMeter: fake } = stack.fakes;

  /** A new user with a Stripe customer and one billable usage event: the user and the event's dedup key. */
  const billableUsage = async (tokensIn: number) => {
    const { BillingService } = await import('@app/billing');
    const { usageSeeder } = await import('./support/usage-events.js');
    const user = await stack.user();
    await stack.api.app.get(BillingService, { strict: false }).ensureAccount(user.user.id);
    await stack.sql('update billing_accounts set stripe_customer_id = ? where user_id = ?', [`cus_test_${randomUUID().slice(0, 8)}`, user.user.id]);
    const dedupKey = `outbox:${randomUUID()}`;
    await usageSeeder(stack.api.app)({ userId: user.user.id, stepType: 'outline', model: 'gpt-4o-mini', engine: 'openai', tokensIn, tokensOut: tokensIn / 5, billable: true, dedupKey });
    return { user, dedupKey };
  };

  it('a worker with METER_REPORT_INTERVAL_S=0 reports nothing (its schedule is off)', async () => {
    const { user, dedupKey } = await billableUsage(1_000);

    const worker = await stack.startWorker({ METER_REPORT_INTERVAL_S: '0' });
    // An `every` schedule runs at once when a worker starts; this one must not exist.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await stopProcess(worker);
    expect(fake.requests).toHaveLength(0);
    const [row] = await stack.sql<{ reported_at: Date | null }>('select reported_at from usage_events where dedup_key = ?', [dedupKey]);
    expect(row!.reported_at).toBeNull();
    // Out of the next worker's way: without a customer the event is not reportable.
    await stack.sql('update billing_accounts set stripe_customer_id = null where user_id = ?', [user.user.id]);
  }, 60_000);

  it('a usage event Stripe fails twice is sent again after each backoff, not at the next interval, and accepted once under its own identifier', async () => {
    const { dedupKey } = await billableUsage(10_000);
    const [event] = await stack.sql<{ id: string }>('select id from usage_events where dedup_key = ?', [dedupKey]);

    fake.fail({ times: 2 });
    await stack.startWorker();
    await waitFor(() => fake.requests.some((request) => request.identifier === event!.id), 30_000, 'the first send');
    const firstSent = Date.now();
    await waitFor(() => fake.accepted().includes(event!.id), 15_000, 'the meter event to be accepted');
    const took = Date.now() - firstSent;

    const sends = fake.requests.filter((request) => request.identifier === event!.id);
    expect(sends.map((request) => request.accepted)).toEqual([false, false, true]);
    // Backoff between the sends: 300 ms, then 600 ms (the interval alone would have waited an hour).
    expect(took).toBeLessThan(10_000);
    // Marked once Stripe's answer is back (the batch's transaction commits after the send).
    const row = await waitFor(async () => {
      const [found] = await stack.sql<{ reported_at: Date | null; report_attempts: number; report_next_attempt_at: Date | null }>(
        'select reported_at, report_attempts, report_next_attempt_at from usage_events where id = ?',
        [event!.id],
      );
      return found?.reported_at ? found : undefined;
    }, 5_000, 'the event to be marked reported');
    expect(row).toMatchObject({ report_attempts: 2, report_next_attempt_at: null });
    expect(row!.reported_at).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.accepted().filter((id) => id === event!.id)).toHaveLength(1);
  }, 60_000);
});
