import { useLibContext } from '../../../../test/support/lib-context.js';
import type { UsageEventRow } from './usage-events.repository.js';
import type { UsageReportRepository } from './usage-report.repository.js';

describe('UsageReportRepository (Postgres)', () => {
  const ctx = useLibContext('usage_report', async () => [(await import('@app/billing')).BillingModule]);
  let reports: UsageReportRepository;
  let insert: (row: Partial<UsageEventRow> & { userId: string; at: Date }) => Promise<boolean>;
  beforeAll(async () => {
    const billing = await import('@app/billing');
    reports = ctx.app.get(billing.UsageReportRepository);
    const events = ctx.app.get(billing.UsageEventsRepository);
    const prices = ctx.app.get(billing.PriceTable);
    let n = 0;
    insert = (row) =>
      events.insert(
        billing.pricedUsageEvent({ stepType: 'outline', eventType: 'llm', engine: 'openai', model: 'gpt-4o-mini', billable: true, dedupKey: `report-${Date.now()}-${(n += 1)}`, ...row }, prices),
      );
  });

  it('sums a user’s usage by day, model and step, and a period’s cost', async () => {
    const userId = await ctx.newUser();
    await insert({ userId, at: new Date('2026-04-01T10:00:00Z'), tokensIn: 1000, tokensOut: 500 }); // 450 micros
    await insert({ userId, at: new Date('2026-04-01T23:59:59Z'), stepType: 'seo', tokensIn: 2000, tokensOut: 0 }); // 300
    await insert({ userId, at: new Date('2026-04-02T00:00:00Z'), model: 'extractive-v1', engine: 'extractive', tokensIn: 10, tokensOut: 10 });
    const byDay = await reports.summary(userId, { from: '2026-04-01', to: '2026-04-30' }, 'day');
    expect(byDay.groups.map((group) => [group.key, group.cost_micros, group.events])).toEqual([
      ['2026-04-01', 750, 2],
      ['2026-04-02', 0, 1],
    ]);
    expect(byDay.totals).toEqual({ tokens_in: 3010, tokens_out: 510, cost_micros: 750, events: 3 });
    const byStep = await reports.summary(userId, { from: '2026-04-01', to: '2026-04-01' }, 'step');
    expect(byStep.groups.map((group) => group.key)).toEqual(['outline', 'seo']);
    expect(await reports.periodCost(userId, { from: '2026-04-02', to: '2026-04-30' })).toEqual({ costMicros: 0, events: 1 });
  });

  it('keeps the daily rollup per provider: grouped by provider, reconciled and rebuilt per provider', async () => {
    const userId = await ctx.newUser();
    const at = new Date('2026-06-01T10:00:00Z');
    await insert({ userId, at, provider: 'openai', tokensIn: 1000, tokensOut: 500 }); // 450 micros at gpt-4o-mini's price
    await insert({ userId, at, provider: 'workers-ai', tokensIn: 1000, tokensOut: 500 });
    await insert({ userId, at, model: 'youtube-captions-auto', engine: 'captions', eventType: 'transcribe' });
    const byProvider = await reports.summary(userId, { from: '2026-06-01', to: '2026-06-01' }, 'provider');
    expect(byProvider.groups.map((group) => [group.key, group.tokens_in, group.events])).toEqual([
      ['captions', 0, 1], // no named provider: its engine
      ['openai', 1000, 1],
      ['workers-ai', 1000, 1],
    ]);
    const daily = await ctx.sql<{ provider: string }>("select provider from usage_daily where user_id = ? and model = 'gpt-4o-mini' order by provider", [userId]);
    expect(daily.map((row) => row.provider)).toEqual(['openai', 'workers-ai']);
    await ctx.sql("update usage_daily set events = events + 1 where user_id = ? and provider = 'workers-ai'", [userId]);
    const mine = (await reports.findDailyMismatches()).mismatches.filter((row) => row.user_id === userId);
    expect(mine).toEqual([expect.objectContaining({ model: 'gpt-4o-mini', provider: 'workers-ai' })]);
    await reports.rebuildDaily(mine);
    expect((await reports.findDailyMismatches()).mismatches.filter((row) => row.user_id === userId)).toEqual([]);
  });

  it('finds a usage_daily row that differs from its events and rebuilds it', async () => {
    const userId = await ctx.newUser();
    await insert({ userId, at: new Date('2026-05-03T08:00:00Z'), tokensIn: 100, tokensOut: 100 });
    await ctx.sql("update usage_daily set tokens_in = tokens_in + 7 where user_id = ? and day = '2026-05-03'", [userId]);
    const found = await reports.findDailyMismatches();
    const mine = found.mismatches.filter((row) => row.user_id === userId);
    expect(mine).toEqual([{ user_id: userId, day: '2026-05-03', model: 'gpt-4o-mini', provider: '', expected: expect.objectContaining({ tokens_in: 100 }), actual: expect.objectContaining({ tokens_in: 107 }) }]);
    await reports.rebuildDaily(mine);
    expect((await reports.findDailyMismatches()).mismatches.filter((row) => row.user_id === userId)).toEqual([]);
  });
});
