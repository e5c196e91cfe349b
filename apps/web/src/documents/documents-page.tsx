import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { formatChars, formatDate } from '../format/format';
import { StatusBadge } from '../ui/badge';
import { Empty, ErrorView, Loading } from '../ui/states';
import { NewDocument } from './new-document';
import { Pager, useCursorPages } from '../ui/pager';

const SOURCE_TYPES = ['text', 'upload', 'youtube', 'drive'] as const;
type SourceType = (typeof SOURCE_TYPES)[number];

export function DocumentsPage() {
  const [sourceType, setSourceType] = useState<SourceType | ''>('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const cursor = pages.cursor;
  // Search as you type, once the typing pauses; a new search starts from the first page.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      pages.reset();
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);
  const list = useQuery({
    queryKey: ['documents', { sourceType, q, cursor }],
    queryFn: ({ signal }) => api.documents.list({ query: { limit: 20, cursor, ...(sourceType ? { source_type: sourceType } : {}), ...(q ? { q: q.slice(0, 200) } : {}) }, signal }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];

  return (
    <>
      <h1>Documents</h1>
      <NewDocument />
      <section aria-labelledby="documents-list">
        <h2 id="documents-list">Your documents</h2>
        <div className="row" role="search">
          <label className="field">
            <span>Search</span>
            <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Title or source" />
          </label>
          <label className="field">
            <span>Source</span>
            <select
              value={sourceType}
              onChange={(event) => {
                setSourceType(event.target.value as SourceType | '');
                pages.reset();
              }}
            >
              <option value="">All</option>
              {SOURCE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
        </div>
        {list.isPending ? (
          <Loading what="Loading documents" />
        ) : list.error ? (
          <ErrorView error={list.error} />
        ) : items.length === 0 ? (
          <Empty>{q || sourceType ? 'No document matches.' : 'No documents yet: paste text, upload files or import a video above.'}</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col">Size</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((doc) => (
                  <tr key={doc.id}>
                    <td>
                      <Link to={`/documents/${doc.id}`}>{doc.title || '(untitled)'}</Link>
                    </td>
                    <td>{doc.source_type}</td>
                    <td>
                      <StatusBadge status={doc.transcription_status === 'not_needed' || doc.transcription_status === 'done' ? 'ready' : doc.transcription_status} />
                    </td>
                    <td>{formatChars(doc.text_length)}</td>
                    <td>{formatDate(doc.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager pages={pages} nextCursor={list.data?.next_cursor} />
      </section>
    </>
  );
}
