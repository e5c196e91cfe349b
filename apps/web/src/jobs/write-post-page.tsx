import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { Quote } from '@scriptorium/sdk';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { formatMicros, formatNumber } from '../format/format';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { ErrorView } from '../ui/states';
import { EMPTY_WRITE_POST, formFieldOf, writePostBody, type WritePostErrors, type WritePostValues } from './write-post-form';

export function WritePostPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [values, setValues] = useState<WritePostValues>({ ...EMPTY_WRITE_POST, documentId: params.get('document') ?? '' });
  const [localErrors, setLocalErrors] = useState<WritePostErrors>({});
  const [quote, setQuote] = useState<Quote | null>(null);
  const documents = useQuery({ queryKey: ['documents', 'picker'], queryFn: ({ signal }) => api.documents.list({ query: { limit: 100 }, signal }) });
  const voices = useQuery({ queryKey: ['brand-voices'], queryFn: ({ signal }) => api.brandVoices.list({ signal }) });

  const set = <K extends keyof WritePostValues>(key: K, value: WritePostValues[K]) => {
    setValues((all) => ({ ...all, [key]: value }));
    setQuote(null);
  };

  const quoteIt = useMutation({
    mutationFn: async () => {
      const { body, errors } = writePostBody(values, true);
      setLocalErrors(errors);
      if (!body) return null;
      return (await api.pipelines.generateBlog({ body })) as Quote;
    },
    onSuccess: (answer) => setQuote(answer),
  });
  const start = useMutation({
    mutationFn: async () => {
      const { body, errors } = writePostBody(values, false);
      setLocalErrors(errors);
      if (!body) return null;
      return api.pipelines.generateBlog({ body });
    },
    onSuccess: (answer) => {
      if (answer && 'job_id' in answer) {
        void client.invalidateQueries({ queryKey: ['jobs'] });
        void navigate(`/jobs/${answer.job_id}`);
      }
    },
  });

  const apiError = start.error ?? quoteIt.error;
  const fieldErrors: WritePostErrors = { ...localErrors };
  let unplaced = false;
  if (apiError) {
    const shown = describeError(apiError);
    for (const [field, message] of Object.entries(shown.fields)) {
      const key = formFieldOf(field);
      if (key) fieldErrors[key] = message;
      else unplaced = true;
    }
    if (Object.keys(shown.fields).length === 0) unplaced = true;
  }


  return (
    <>
      <h1>Write a post</h1>
      <ApiForm className="card" label="Write a post" onSubmit={() => start.mutate()}>
        <Field label="Document" error={fieldErrors.documentId}>
          <select value={values.documentId} onChange={(event) => set('documentId', event.target.value)}>
            <option value="">{documents.isPending ? 'Loading…' : 'Choose a document'}</option>
            {(documents.data?.items ?? []).map((doc) => (
              <option key={doc.id} value={doc.id}>
                {doc.title || doc.id}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid-2">
          <Field label="Tone" hint="e.g. friendly, formal" error={fieldErrors.tone}>
            <input value={values.tone} onChange={(event) => set('tone', event.target.value)} maxLength={60} />
          </Field>
          <Field label="Audience" hint="Who reads it" error={fieldErrors.audience}>
            <input value={values.audience} onChange={(event) => set('audience', event.target.value)} maxLength={120} />
          </Field>
          <Field label="Length (words)" hint="100 to 10,000" error={fieldErrors.length}>
            <input inputMode="numeric" value={values.length} onChange={(event) => set('length', event.target.value)} />
          </Field>
          <Field label="Language" hint="The source's when empty (e.g. en, de)" error={fieldErrors.language}>
            <input value={values.language} onChange={(event) => set('language', event.target.value)} maxLength={35} />
          </Field>
          <Field label="Chapters" hint="1 to 20" error={fieldErrors.chapters}>
            <input inputMode="numeric" value={values.chapters} onChange={(event) => set('chapters', event.target.value)} />
          </Field>
          <Field label="Brand voice" error={fieldErrors.brandVoiceId}>
            <select value={values.brandVoiceId} onChange={(event) => set('brandVoiceId', event.target.value)}>
              <option value="">None</option>
              {(voices.data?.items ?? []).map((voice) => (
                <option key={voice.id} value={voice.id}>
                  {voice.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Spending cap for this post ($)" hint="The job stops before a call would pass it. Empty: no cap." error={fieldErrors.maxCostDollars}>
            <input inputMode="decimal" value={values.maxCostDollars} onChange={(event) => set('maxCostDollars', event.target.value)} placeholder="1.50" />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={values.images} onChange={(event) => set('images', event.target.checked)} /> Plan an image per chapter
        </label>
        {apiError && unplaced ? <ErrorView error={apiError} /> : null}
        {quote ? <QuoteView quote={quote} /> : null}
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" className="btn" onClick={() => quoteIt.mutate()} disabled={quoteIt.isPending}>
            {quoteIt.isPending ? 'Pricing…' : 'Get a price quote'}
          </button>
          <button type="submit" className="btn primary" disabled={start.isPending || !quote || quote.within_max_cost === false}>
            {start.isPending ? 'Starting…' : 'Start writing'}
          </button>
          {!quote ? <span className="muted small">Get a quote first: you see the price before anything is spent.</span> : null}
        </div>
      </ApiForm>
    </>
  );
}

function QuoteView({ quote }: { quote: Quote }) {
  return (
    <section aria-label="Price quote" className="card" style={{ background: 'var(--surface-2)' }}>
      <div className="row spread">
        <strong>
          Estimated cost: <span data-testid="quote-total">{formatMicros(quote.total.cost_micros)}</span>
        </strong>
        <span className="muted small">
          {formatNumber(quote.total.calls)} calls · {formatNumber(quote.total.tokens_in + quote.total.tokens_out)} tokens
          {quote.total.images ? ` · ${quote.total.images} images` : ''}
        </span>
      </div>
      {quote.within_max_cost === false ? <p className="alert">This is more than your spending cap for this post.</p> : null}
      {quote.notes.length > 0 ? (
        <ul className="small muted">
          {quote.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
