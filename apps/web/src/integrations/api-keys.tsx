import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateApiKey, CreatedApiKey } from '@scriptorium/sdk';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { formatDate } from '../format/format';
import { Field } from '../ui/field';
import { ApiForm, CheckboxGroup } from '../ui/form';
import { Empty, ErrorView, Loading } from '../ui/states';

type Scope = CreateApiKey['scopes'][number];

/** Every scope a key can have (the type checks them against the SDK's). */
export const SCOPES: readonly Scope[] = ['documents:read', 'documents:write', 'jobs:read', 'jobs:write', 'posts:read', 'posts:write', 'usage:read', 'billing:read', 'billing:write', 'webhooks:read', 'webhooks:write'];

export function ApiKeys() {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: ({ signal }) => api.apiKeys.list({ signal }) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['documents:read', 'jobs:read']);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => api.apiKeys.create({ body: { name: name.trim(), scopes } }),
    onSuccess: (key) => {
      setCreated(key);
      setCopied(false);
      setName('');
      void client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.apiKeys.revoke({ path: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const shown = create.error ? describeError(create.error) : undefined;

  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <ApiForm className="card" label="Create an API key" onSubmit={() => create.mutate()}>
        <Field label="Key name" error={shown?.fields.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder="CI, Zapier, my script…" />
        </Field>
        <CheckboxGroup legend="Scopes" options={SCOPES} selected={scopes} onChange={setScopes} error={shown?.fields.scopes} />
        {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={create.error} /> : null}
        <button className="btn primary" type="submit" disabled={create.isPending}>
          Create key
        </button>
      </ApiForm>
      {created ? (
        <div className="card" role="status" aria-label="New API key">
          <p>
            <strong>{created.name}</strong>: copy this key now. It is not shown again.
          </p>
          <div className="row">
            <code className="secret" data-testid="new-api-key">
              {created.secret}
            </code>
            <button
              className="btn"
              onClick={() => {
                void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true), () => setCopied(false));
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button className="btn" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      {keys.isPending ? (
        <Loading what="Loading keys" />
      ) : keys.error ? (
        <ErrorView error={keys.error} />
      ) : keys.data.items.length === 0 ? (
        <Empty>No API keys.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="muted">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id} data-key-name={key.name}>
                  <td>{key.name}</td>
                  <td className="mono">{key.prefix}…</td>
                  <td className="small">{key.scopes.join(', ')}</td>
                  <td>{formatDate(key.last_used_at)}</td>
                  <td>
                    <button
                      className="btn danger"
                      aria-label={`Revoke ${key.name}`}
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (window.confirm(`Revoke the key "${key.name}"? Anything using it stops working at once.`)) revoke.mutate(key.id);
                      }}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.error ? <ErrorView error={revoke.error} /> : null}
    </section>
  );
}

