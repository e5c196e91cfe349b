import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import type { GenerateBlog } from '@scriptorium/sdk';
import { api } from '../api/client';
import { formatDate, formatDuration, formatMicros, formatNumber } from '../format/format';
import { StatusBadge } from '../ui/badge';
import { ErrorView, Loading } from '../ui/states';
import { applyJobEvent, EMPTY_PROGRESS, FINISHED, mergeSteps, usageByStep, type JobProgress } from './job-progress';

export function JobPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const job = useQuery({ queryKey: ['job', id], queryFn: ({ signal }) => api.jobs.get({ path: { id }, signal }) });
  const finished = job.data ? FINISHED.has(job.data.status) : false;
  const usage = useQuery({
    queryKey: ['job-usage', id, finished],
    queryFn: ({ signal }) => api.usage.listEvents({ query: { job_id: id, limit: 100 }, signal }),
    enabled: job.isSuccess,
  });
  const [live, setLive] = useState<JobProgress>(EMPTY_PROGRESS);
  const [streamError, setStreamError] = useState<unknown>(null);

  // Live progress: the job's Server-Sent Events, followed by the SDK (reconnecting with Last-Event-ID).
  useEffect(() => {
    if (!job.data || FINISHED.has(job.data.status)) return;
    const abort = new AbortController();
    setLive(EMPTY_PROGRESS);
    api
      .waitForJob(id, {
        signal: abort.signal,
        onEvent: (event) => {
          setLive((progress) => applyJobEvent(progress, event));
          if (event.type === 'step.finished' || event.type === 'step.failed' || event.type === 'job.finished') {
            void client.invalidateQueries({ queryKey: ['job', id] });
          }
        },
      })
      .then(() => client.invalidateQueries({ queryKey: ['job', id] }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setStreamError(error);
      });
    return () => abort.abort();
    // Follow once per job while it is unfinished (not again on every refetch).
  }, [id, job.data ? FINISHED.has(job.data.status) : null]);

  const cancel = useMutation({
    mutationFn: () => api.jobs.cancel({ path: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['job', id] }),
  });
  const retry = useMutation({
    mutationFn: async () => {
      const input = job.data!.input as GenerateBlog;
      const answer = await api.pipelines.generateBlog({ body: { ...input, dry_run: undefined } });
      if (!('job_id' in answer)) throw new Error('no job started');
      return answer.job_id;
    },
    onSuccess: (jobId) => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void navigate(`/jobs/${jobId}`);
    },
  });

  if (job.isPending) return <Loading what="Loading the job" />;
  if (job.error) return <ErrorView error={job.error} title="This job could not be opened" />;
  const data = job.data;
  const stored = data.steps.map((step) => ({ name: step.name, status: step.status, durationMs: step.duration_ms ?? null, ...(step.error ? { error: step.error as { code: string; message: string } } : {}) }));
  const steps = mergeSteps(stored, live.steps);
  const sums = usageByStep(usage.data?.items ?? []);
  const status = FINISHED.has(data.status) ? data.status : (live.status ?? data.status);
  const error = data.error ?? live.error;
  const postId = typeof data.output?.post_id === 'string' ? data.output.post_id : undefined;
  const documentId = data.document_id ?? (typeof data.output?.document_id === 'string' ? data.output.document_id : undefined);

  return (
    <>
      <div className="row spread">
        <h1>
          {data.type} <StatusBadge status={status} />
        </h1>
        <div className="row">
          {!FINISHED.has(data.status) ? (
            <button className="btn danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || Boolean(data.cancel_requested_at)}>
              {data.cancel_requested_at ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          {data.type === 'generate_blog' && (data.status === 'failed' || data.status === 'canceled') ? (
            <button className="btn" onClick={() => retry.mutate()} disabled={retry.isPending}>
              Retry
            </button>
          ) : null}
          {postId ? (
            <Link className="btn primary" to={`/posts/${postId}`}>
              Open the post
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">
        <span className="mono">{data.id}</span> · created {formatDate(data.created_at)} · attempt {data.attempts} of {data.max_attempts}
        {data.duration_ms ? ` · took ${formatDuration(data.duration_ms)}` : ''}
        {documentId ? (
          <>
            {' '}
            · <Link to={`/documents/${documentId}`}>document</Link>
          </>
        ) : null}
      </p>
      {error ? (
        <div className="alert" role="alert">
          <strong>This job failed:</strong> {error.message} <span className="small">(code <code>{error.code}</code>)</span>
        </div>
      ) : null}
      {cancel.error ? <ErrorView error={cancel.error} /> : null}
      {retry.error ? <ErrorView error={retry.error} /> : null}
      {streamError ? <ErrorView error={streamError} title="Live progress stopped" /> : null}
      <h2>Steps</h2>
      <div className="table-wrap">
        <table aria-label="Steps" aria-live="polite">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">State</th>
              <th scope="col">Duration</th>
              <th scope="col">Tokens</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {steps.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  {FINISHED.has(status) ? 'This job ran no steps.' : 'Waiting for the first step…'}
                </td>
              </tr>
            ) : (
              steps.map((step) => {
                const sum = sums.get(step.name.replace(/_\d+$/, '')) ?? sums.get(step.name);
                return (
                  <tr key={step.name} data-step={step.name} data-state={step.status}>
                    <td>{step.name}</td>
                    <td>
                      <StatusBadge status={step.status} />
                      {step.error ? <div className="small">{step.error.code}</div> : null}
                    </td>
                    <td>{formatDuration(step.durationMs)}</td>
                    <td>{sum ? formatNumber(sum.tokens) : '–'}</td>
                    <td>{sum ? formatMicros(sum.costMicros) : '–'}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      {data.output && Object.keys(data.output).length > 0 ? (
        <>
          <h2>Output</h2>
          <pre className="doc-text">{JSON.stringify(data.output, null, 2)}</pre>
        </>
      ) : null}
    </>
  );
}
