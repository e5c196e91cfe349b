import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateWebhookEndpoint } from '@scriptorium/sdk';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { formatDate } from '../format/format';
import { StatusBadge } from '../ui/badge';
import { Field } from '../ui/field';
import { ApiForm, CheckboxGroup } from '../ui/form';
import { Empty, ErrorView, Loading } from '../ui/states';

type EventType = CreateWebhookEndpoint['events'][number];
const EVENTS: readonly EventType[] = ['job.succeeded', 'job.failed', 'job.canceled', 'post.created', 'post.published', 'usage.threshold_reached'];

export function WebhookEndpoints() {
  const client = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhook-endpoints'], queryFn: ({ signal }) => api.webhookEndpoints.list({ signal }) });
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventType[]>(['job.succeeded', 'job.failed']);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api.webhookEndpoints.create({ body: { url: url.trim(), events } }),
    onSuccess: (endpoint) => {
      setSecret((endpoint as { secret?: string }).secret ?? null);
      setUrl('');
      void client.invalidateQueries({ queryKey: ['webhook-endpoints'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.webhookEndpoints.delete({ path: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['webhook-endpoints'] }),
  });
  const shown = create.error ? describeError(create.error) : undefined;
  return (
    <section aria-labelledby="webhooks">
      <h2 id="webhooks">Webhooks</h2>
      <ApiForm className="card" label="Add a webhook endpoint" onSubmit={() => create.mutate()}>
        <Field label="Endpoint URL" hint="A public https address" error={shown?.fields.url}>
          <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} />
        </Field>
        <CheckboxGroup legend="Events" options={EVENTS} selected={events} onChange={setEvents} error={shown?.fields.events} />
        {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={create.error} /> : null}
        <button className="btn primary" type="submit" disabled={create.isPending || !url.trim()}>
          Add endpoint
        </button>
      </ApiForm>
      {secret ? (
        <div className="card" role="status">
          Signing secret (shown once): <code className="secret">{secret}</code>
        </div>
      ) : null}
      {endpoints.isPending ? (
        <Loading />
      ) : endpoints.error ? (
        <ErrorView error={endpoints.error} />
      ) : endpoints.data.items.length === 0 ? (
        <Empty>No webhook endpoints.</Empty>
      ) : (
        endpoints.data.items.map((endpoint) => (
          <div key={endpoint.id} className="card">
            <div className="row spread">
              <span>
                <strong className="mono">{endpoint.url}</strong> <StatusBadge status={endpoint.enabled ? 'ready' : 'failed'} />
                <div className="small muted">{endpoint.events.join(', ')}</div>
              </span>
              <span className="row">
                <button className="btn" aria-expanded={open === endpoint.id} onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}>
                  Delivery log
                </button>
                <button className="btn danger" onClick={() => remove.mutate(endpoint.id)}>
                  Delete
                </button>
              </span>
            </div>
            {open === endpoint.id ? <Deliveries endpointId={endpoint.id} /> : null}
          </div>
        ))
      )}
    </section>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const client = useQueryClient();
  const deliveries = useQuery({ queryKey: ['deliveries', endpointId], queryFn: ({ signal }) => api.webhookEndpoints.listDeliveries({ path: { id: endpointId }, query: { limit: 20 }, signal }) });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => api.webhookEndpoints.redeliver({ path: { id: endpointId, delivery_id: deliveryId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['deliveries', endpointId] }),
  });
  if (deliveries.isPending) return <Loading />;
  if (deliveries.error) return <ErrorView error={deliveries.error} />;
  if (deliveries.data.items.length === 0) return <Empty>No deliveries yet.</Empty>;
  return (
    <table aria-label="Deliveries">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last answer</th>
          <th scope="col">When</th>
          <th scope="col">
            <span className="muted">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.items.map((delivery) => (
          <tr key={delivery.id}>
            <td>{delivery.event_type}</td>
            <td>
              <StatusBadge status={delivery.status} />
            </td>
            <td>{delivery.attempts}</td>
            <td>{delivery.last_response_code ?? delivery.last_error ?? '–'}</td>
            <td>{formatDate(delivery.last_attempt_at ?? delivery.created_at)}</td>
            <td>
              <button className="btn" onClick={() => redeliver.mutate(delivery.id)}>
                Redeliver
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
