import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { formatChars, formatDate, formatDuration } from '../format/format';
import { StatusBadge } from '../ui/badge';
import { Empty, ErrorView, Loading } from '../ui/states';

export function DocumentPage() {
  const { id = '' } = useParams();
  const doc = useQuery({ queryKey: ['document', id], queryFn: ({ signal }) => api.documents.get({ path: { id }, signal }) });
  const jobs = useQuery({ queryKey: ['jobs', 'all'], queryFn: ({ signal }) => api.jobs.list({ query: { limit: 100 }, signal }) });
  if (doc.isPending) return <Loading what="Loading the document" />;
  if (doc.error) return <ErrorView error={doc.error} title="This document could not be opened" />;
  const data = doc.data;
  const ownJobs = (jobs.data?.items ?? []).filter((job) => job.document_id === id);
  return (
    <>
      <div className="row spread">
        <h1>{data.title || '(untitled)'}</h1>
        <Link className="btn primary" to={`/jobs/new?document=${data.id}`}>
          Write a post
        </Link>
      </div>
      <p className="muted">
        {data.source_type}
        {data.source_ref ? ` · ${data.source_ref}` : ''} · {formatChars(data.text_length)}
        {data.lang ? ` · ${data.lang}` : ''}
        {data.duration_s ? ` · ${formatDuration(data.duration_s * 1000)}` : ''} · version {data.version} · {formatDate(data.created_at)}
      </p>
      <h2>Text</h2>
      {data.text ? (
        <pre className="doc-text" tabIndex={0} aria-label="Document text">
          {data.text}
        </pre>
      ) : (
        <Empty>No text yet.</Empty>
      )}
      <h2>Media</h2>
      {data.media_refs.length === 0 ? (
        <Empty>No media in this document.</Empty>
      ) : (
        <ul className="row" style={{ listStyle: 'none', padding: 0 }}>
          {data.media_refs.map((mediaId) => (
            <MediaItem key={mediaId} id={mediaId} />
          ))}
        </ul>
      )}
      <h2>Jobs</h2>
      {jobs.isPending ? (
        <Loading what="Loading jobs" />
      ) : jobs.error ? (
        <ErrorView error={jobs.error} />
      ) : ownJobs.length === 0 ? (
        <Empty>No jobs for this document yet.</Empty>
      ) : (
        <ul>
          {ownJobs.map((job) => (
            <li key={job.id}>
              <Link to={`/jobs/${job.id}`}>{job.type}</Link> <StatusBadge status={job.status} /> <span className="muted small">{formatDate(job.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function MediaItem({ id }: { id: string }) {
  const media = useQuery({ queryKey: ['media', id], queryFn: ({ signal }) => api.media.get({ path: { id }, signal }) });
  if (media.isPending) return <li>Loading…</li>;
  if (media.error) return <li className="muted">media {id.slice(0, 8)} unavailable</li>;
  const src = media.data.signed_url ?? media.data.url;
  return (
    <li className="card">
      {media.data.mime.startsWith('image/') ? <img src={src} alt={media.data.alt_text ?? media.data.original_name ?? 'document image'} style={{ maxWidth: 200, display: 'block' }} /> : null}
      <a href={src}>{media.data.original_name ?? media.data.mime}</a>
    </li>
  );
}
