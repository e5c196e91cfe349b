import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { formatDate, formatDuration } from '../format/format';
import { StatusBadge } from '../ui/badge';
import { Empty, ErrorView, Loading } from '../ui/states';
import { Pager, useCursorPages } from '../ui/pager';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;

export function JobsPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number] | ''>('');
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['jobs', { status, cursor }],
    queryFn: ({ signal }) => api.jobs.list({ query: { limit: 20, cursor, ...(status ? { status } : {}) }, signal }),
    placeholderData: keepPreviousData,
    // Jobs move on their own: keep the list fresh while any is unfinished.
    refetchInterval: (query) => (query.state.data?.items.some((job) => job.status === 'queued' || job.status === 'running') ? 2000 : false),
  });
  return (
    <>
      <div className="row spread">
        <h1>Jobs</h1>
        <Link className="btn primary" to="/jobs/new">
          Write a post
        </Link>
      </div>
      <label className="field" style={{ maxWidth: 220 }}>
        <span>Status</span>
        <select
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as typeof status);
            pages.reset();
          }}
        >
          <option value="">All</option>
          {STATUSES.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </label>
      {list.isPending ? (
        <Loading what="Loading jobs" />
      ) : list.error ? (
        <ErrorView error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>No jobs yet. Add a document, then write a post from it.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/jobs/${job.id}`} className="mono">
                      {job.id.slice(0, 8)}
                    </Link>
                  </td>
                  <td>{job.type}</td>
                  <td>
                    <StatusBadge status={job.status} />
                    {job.error ? <div className="small muted">{job.error.code}</div> : null}
                  </td>
                  <td>{formatDuration(job.duration_ms)}</td>
                  <td>{formatDate(job.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} nextCursor={list.data?.next_cursor} />
    </>
  );
}
