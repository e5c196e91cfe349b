import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { Empty, ErrorView, Loading } from '../ui/states';

type Kind = 'wordpress' | 'ghost';

export function PublishTargets() {
  const client = useQueryClient();
  const targets = useQuery({ queryKey: ['publish-targets'], queryFn: ({ signal }) => api.publishTargets.list({ signal }) });
  const [kind, setKind] = useState<Kind>('wordpress');
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.publishTargets.create({
        body: {
          kind,
          url: url.trim(),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(kind === 'wordpress' ? { username: username.trim(), application_password: secret } : { admin_api_key: secret.trim() }),
        },
      }),
    onSuccess: () => {
      setUrl('');
      setName('');
      setUsername('');
      setSecret('');
      void client.invalidateQueries({ queryKey: ['publish-targets'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.publishTargets.delete({ path: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['publish-targets'] }),
  });
  const shown = create.error ? describeError(create.error) : undefined;
  return (
    <section aria-labelledby="publish-targets">
      <h2 id="publish-targets">Publishing (WordPress, Ghost)</h2>
      <ApiForm className="card" label="Connect a blog" onSubmit={() => create.mutate()}>
        <div className="grid-2">
          <Field label="Blog kind" error={shown?.fields.kind}>
            <select value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              <option value="wordpress">WordPress</option>
              <option value="ghost">Ghost</option>
            </select>
          </Field>
          <Field label="Site URL" error={shown?.fields.url}>
            <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://blog.example.com" />
          </Field>
          {kind === 'wordpress' ? (
            <Field label="WordPress user" error={shown?.fields.username}>
              <input value={username} onChange={(event) => setUsername(event.target.value)} autoComplete="off" />
            </Field>
          ) : null}
          <Field label={kind === 'wordpress' ? 'Application password' : 'Admin API key'} hint="Stored encrypted, never shown again." error={shown?.fields.application_password ?? shown?.fields.admin_api_key}>
            <input type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="off" />
          </Field>
          <Field label="Blog name" hint="Optional: the site's host when empty." error={shown?.fields.name}>
            <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} />
          </Field>
        </div>
        {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={create.error} /> : null}
        <button className="btn primary" type="submit" disabled={create.isPending || !url.trim() || !secret}>
          Connect blog
        </button>
      </ApiForm>
      {targets.isPending ? (
        <Loading />
      ) : targets.error ? (
        <ErrorView error={targets.error} />
      ) : targets.data.items.length === 0 ? (
        <Empty>No blogs connected: connect one to get a Publish button in the editor.</Empty>
      ) : (
        <ul>
          {targets.data.items.map((target) => (
            <li key={target.id}>
              <strong>{target.name}</strong> <span className="muted small">{target.kind} · {target.url} · {target.credential_hint}</span>{' '}
              <button className="btn danger" onClick={() => remove.mutate(target.id)} aria-label={`Disconnect ${target.name}`}>
                Disconnect
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error ? <ErrorView error={remove.error} /> : null}
    </section>
  );
}
