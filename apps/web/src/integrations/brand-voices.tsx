import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { Empty, ErrorView, Loading } from '../ui/states';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function BrandVoices() {
  const client = useQueryClient();
  const voices = useQuery({ queryKey: ['brand-voices'], queryFn: ({ signal }) => api.brandVoices.list({ signal }) });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [dos, setDos] = useState('');
  const [donts, setDonts] = useState('');
  const create = useMutation({
    mutationFn: () => api.brandVoices.create({ body: { name: name.trim(), description: description.trim(), do: lines(dos), dont: lines(donts) } }),
    onSuccess: () => {
      setName('');
      setDescription('');
      setDos('');
      setDonts('');
      void client.invalidateQueries({ queryKey: ['brand-voices'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.brandVoices.remove({ path: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['brand-voices'] }),
  });
  const shown = create.error ? describeError(create.error) : undefined;
  return (
    <section aria-labelledby="brand-voices">
      <h2 id="brand-voices">Brand voices</h2>
      <ApiForm className="card" label="Add a brand voice" onSubmit={() => create.mutate()}>
        <div className="grid-2">
          <Field label="Voice name" error={shown?.fields.name}>
            <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} />
          </Field>
          <Field label="How it sounds" error={shown?.fields.description}>
            <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={1000} />
          </Field>
          <Field label="Do (one per line)" error={shown?.fields.do}>
            <textarea rows={3} value={dos} onChange={(event) => setDos(event.target.value)} />
          </Field>
          <Field label="Don't (one per line)" error={shown?.fields.dont}>
            <textarea rows={3} value={donts} onChange={(event) => setDonts(event.target.value)} />
          </Field>
        </div>
        {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={create.error} /> : null}
        <button className="btn primary" type="submit" disabled={create.isPending || !name.trim()}>
          Add voice
        </button>
      </ApiForm>
      {voices.isPending ? (
        <Loading />
      ) : voices.error ? (
        <ErrorView error={voices.error} />
      ) : voices.data.items.length === 0 ? (
        <Empty>No brand voices.</Empty>
      ) : (
        <ul>
          {voices.data.items.map((voice) => (
            <li key={voice.id}>
              <strong>{voice.name}</strong> <span className="muted">{voice.description}</span>{' '}
              <button className="btn danger" onClick={() => remove.mutate(voice.id)} aria-label={`Delete voice ${voice.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
