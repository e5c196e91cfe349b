import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageGroup } from '@scriptorium/sdk';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { formatDate, formatMicros, formatNumber } from '../format/format';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { Empty, ErrorView, Loading } from '../ui/states';
import { capCentsOf, defaultRange } from './usage-range';
import { Pager, useCursorPages } from '../ui/pager';

type GroupBy = 'day' | 'model' | 'step';

export function UsagePage() {
  const [range, setRange] = useState(defaultRange(new Date()));
  return (
    <>
      <h1>Usage &amp; billing</h1>
      <Billing />
      <section aria-labelledby="usage">
        <h2 id="usage">Usage</h2>
        <div className="row">
          <label className="field">
            <span>From</span>
            <input type="date" value={range.from} max={range.to} onChange={(event) => setRange({ ...range, from: event.target.value })} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={range.to} min={range.from} onChange={(event) => setRange({ ...range, to: event.target.value })} />
          </label>
        </div>
        <div className="grid-2">
          <UsageChart groupBy="day" range={range} title="By day" />
          <UsageChart groupBy="model" range={range} title="By model" />
          <UsageChart groupBy="step" range={range} title="By step" />
          <RecentEvents />
        </div>
      </section>
    </>
  );
}

function UsageChart({ groupBy, range, title }: { groupBy: GroupBy; range: { from: string; to: string }; title: string }) {
  const usage = useQuery({
    queryKey: ['usage', groupBy, range],
    queryFn: ({ signal }) => api.usage.get({ query: { group_by: groupBy, from: range.from, to: range.to }, signal }),
  });
  return (
    <div className="card" data-testid={`usage-${groupBy}`}>
      <h3 style={{ marginTop: 0 }}>{title}</h3>
      {usage.isPending ? (
        <Loading />
      ) : usage.error ? (
        <ErrorView error={usage.error} />
      ) : usage.data.groups.length === 0 ? (
        <Empty>No usage in this range.</Empty>
      ) : (
        <>
          <p className="small">
            <strong>{formatNumber(usage.data.totals.tokens_in + usage.data.totals.tokens_out)}</strong> tokens · <strong>{formatMicros(usage.data.totals.cost_micros)}</strong> ·{' '}
            {formatNumber(usage.data.totals.events)} calls
          </p>
          <div style={{ width: '100%', height: 220 }} role="img" aria-label={`Tokens ${title.toLowerCase()}`}>
            <ResponsiveContainer>
              <BarChart data={usage.data.groups.map((group: UsageGroup) => ({ key: group.key, in: group.tokens_in, out: group.tokens_out, cost: group.cost_micros / 1_000_000 }))}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="key" tick={{ fontSize: 11, fill: 'var(--muted)' }} />
                <YAxis tick={{ fontSize: 11, fill: 'var(--muted)' }} />
                <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
                <Legend />
                <Bar dataKey="in" name="tokens in" stackId="tokens" fill="#4c6ef5" isAnimationActive={false} />
                <Bar dataKey="out" name="tokens out" stackId="tokens" fill="#12b886" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="small">
            <thead>
              <tr>
                <th scope="col">{groupBy}</th>
                <th scope="col">Tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.groups.map((group) => (
                <tr key={group.key}>
                  <td>{group.key}</td>
                  <td>{formatNumber(group.tokens_in + group.tokens_out)}</td>
                  <td>{formatMicros(group.cost_micros)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function RecentEvents() {
  const events = useQuery({ queryKey: ['usage-events'], queryFn: ({ signal }) => api.usage.listEvents({ query: { limit: 20 }, signal }) });
  return (
    <div className="card">
      <h3 style={{ marginTop: 0 }}>Latest metered calls</h3>
      {events.isPending ? (
        <Loading />
      ) : events.error ? (
        <ErrorView error={events.error} />
      ) : events.data.items.length === 0 ? (
        <Empty>No calls yet.</Empty>
      ) : (
        <table className="small">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Model</th>
              <th scope="col">Tokens</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {events.data.items.map((event) => (
              <tr key={event.id}>
                <td>{event.step_type}</td>
                <td>{event.model}</td>
                <td>{formatNumber(event.tokens_in + event.tokens_out)}</td>
                <td>{formatMicros(event.cost_micros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Billing() {
  const client = useQueryClient();
  const billing = useQuery({ queryKey: ['billing'], queryFn: ({ signal }) => api.billing.get({ signal }) });
  const me = useQuery({ queryKey: ['me'], queryFn: () => api.me.get() });
  const [cap, setCap] = useState<string | null>(null);
  const go = useMutation({
    mutationFn: async (what: 'upgrade' | 'credits' | 'portal') => {
      const answer = what === 'portal' ? await api.billing.portal() : await api.billing.checkout({ body: what === 'upgrade' ? { plan: 'pro' } : { credit_pack: 'standard' } });
      return answer.url;
    },
    // Stripe's pages (Checkout, the customer portal) live on Stripe's site.
    onSuccess: (url) => window.location.assign(url),
  });
  const saveCap = useMutation({
    mutationFn: (cents: number | null) => api.me.update({ body: { billing: { monthly_cap: cents } } }),
    onSuccess: (updated) => {
      client.setQueryData(['me'], updated);
      setCap(null);
    },
  });
  const capInput = cap ?? (me.data?.billing.monthly_cap != null ? (me.data.billing.monthly_cap / 100).toFixed(2) : '');
  const parsedCap = capCentsOf(capInput);
  const capError = saveCap.error ? describeError(saveCap.error) : undefined;
  return (
    <section aria-labelledby="billing" className="card">
      <h2 id="billing" style={{ marginTop: 0 }}>
        Plan and credits
      </h2>
      {billing.isPending ? (
        <Loading />
      ) : billing.error ? (
        <ErrorView error={billing.error} />
      ) : (
        <div className="grid-2">
          <div>
            <div className="muted small">Plan</div>
            <div className="stat" data-testid="plan">
              {billing.data.plan ?? 'free'}
            </div>
            <div className="small muted">
              {billing.data.status ?? 'no subscription'}
              {billing.data.current_period_end ? ` · renews ${formatDate(billing.data.current_period_end)}` : ''}
            </div>
          </div>
          <div>
            <div className="muted small">Credits</div>
            <div className="stat">{formatMicros(billing.data.credits_balance_micros)}</div>
            <div className="small muted">
              This month: {formatMicros(billing.data.period.cost_micros)} in {formatNumber(billing.data.period.events)} calls
            </div>
          </div>
        </div>
      )}
      <div className="row" style={{ marginTop: 12 }}>
        <button className="btn primary" onClick={() => go.mutate('upgrade')} disabled={go.isPending}>
          Upgrade
        </button>
        <button className="btn" onClick={() => go.mutate('credits')} disabled={go.isPending}>
          Buy credits
        </button>
        <button className="btn" onClick={() => go.mutate('portal')} disabled={go.isPending}>
          Manage billing
        </button>
      </div>
      {go.error ? <ErrorView error={go.error} /> : null}
      {/* After the overview: reading it opens the billing account and its signup grant. */}
      {billing.isSuccess ? <CreditsLedger /> : null}
      <ApiForm label="Monthly spending cap" style={{ marginTop: 16, maxWidth: 360 }} onSubmit={() => parsedCap.ok && saveCap.mutate(parsedCap.cents)}>
        <Field label="Monthly spending cap ($)" hint="Paid work stops once a month's usage reaches it. Empty: no cap." error={(!parsedCap.ok ? parsedCap.error : undefined) ?? capError?.fields['billing.monthly_cap'] ?? (capError && Object.keys(capError.fields).length === 0 ? capError.message : undefined)}>
          <input inputMode="decimal" value={capInput} onChange={(event) => setCap(event.target.value)} />
        </Field>
        <button className="btn" type="submit" disabled={!parsedCap.ok || saveCap.isPending || cap === null}>
          Save cap
        </button>
        {saveCap.isSuccess ? (
          <span className="small" role="status">
            {' '}
            Saved.
          </span>
        ) : null}
      </ApiForm>
    </section>
  );
}

function CreditsLedger() {
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const ledger = useQuery({ queryKey: ['credits', cursor], queryFn: ({ signal }) => api.billing.listCredits({ query: { limit: 10, cursor }, signal }) });
  return (
    <section aria-labelledby="ledger" style={{ marginTop: 16 }}>
      <h2 id="ledger">
        Credits ledger
      </h2>
      {ledger.isPending ? (
        <Loading />
      ) : ledger.error ? (
        <ErrorView error={ledger.error} />
      ) : ledger.data.items.length === 0 ? (
        <Empty>No credit movements yet.</Empty>
      ) : (
        <table aria-label="Credits ledger" className="small">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Reason</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {ledger.data.items.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.created_at)}</td>
                <td>{entry.reason}</td>
                <td style={{ color: entry.delta_micros < 0 ? 'var(--danger)' : 'var(--ok)' }}>{formatMicros(entry.delta_micros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={ledger.data?.next_cursor} labels={['Newer', 'Older']} gap={8} />
    </section>
  );
}
