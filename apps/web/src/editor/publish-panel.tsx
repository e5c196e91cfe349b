import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Post } from '@scriptorium/sdk';
import { api } from '../api/client';
import { formatDate } from '../format/format';
import { Field } from '../ui/field';
import { ErrorView } from '../ui/states';

type Status = 'draft' | 'publish';

/** Publishing to a WordPress or Ghost target: shown only when the user has connected one. */
export function PublishPanel({ post }: { post: Post }) {
  const navigate = useNavigate();
  const targets = useQuery({ queryKey: ['publish-targets'], queryFn: ({ signal }) => api.publishTargets.list({ signal }) });
  const [targetId, setTargetId] = useState('');
  const [status, setStatus] = useState<Status>('draft');
  const publish = useMutation({
    mutationFn: () => api.posts.publish({ path: { id: post.id }, body: { target_id: targetId || targets.data!.items[0]!.id, status } }),
    onSuccess: (job) => void navigate(`/jobs/${job.job_id}`),
  });
  const items = targets.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="publish" className="card">
      <h2 id="publish" style={{ marginTop: 0 }}>
        Publish
      </h2>
      <div className="row">
        <Field label="Blog">
          <select value={targetId || items[0]!.id} onChange={(event) => setTargetId(event.target.value)}>
            {items.map((target) => (
              <option key={target.id} value={target.id}>
                {target.name} ({target.kind})
              </option>
            ))}
          </select>
        </Field>
        <Field label="As">
          <select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <option value="draft">Draft</option>
            <option value="publish">Published now</option>
          </select>
        </Field>
        <button className="btn primary" onClick={() => publish.mutate()} disabled={publish.isPending}>
          Publish
        </button>
      </div>
      {publish.error ? <ErrorView error={publish.error} /> : null}
      {post.publications && post.publications.length > 0 ? (
        <ul className="small">
          {post.publications.map((publication) => (
            <li key={`${publication.target_id}-${publication.remote_id}`}>
              {publication.status} {publication.url ? <a href={publication.url}>{publication.url}</a> : publication.remote_id} · version {publication.post_version} · {formatDate(publication.published_at)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
