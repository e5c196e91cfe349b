import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import CodeMirror from '@uiw/react-codemirror';
import { markdown as markdownLanguage } from '@codemirror/lang-markdown';
import { EditorView } from '@codemirror/view';
import { diffLines } from 'diff';
import type { Post } from '@scriptorium/sdk';
import { api } from '../api/client';
import { describeError } from '../api/problem';
import { formatDate, lengthCounter, SEO_LIMITS } from '../format/format';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { ErrorView, Loading } from '../ui/states';
import { renderPreview } from './markdown-preview';
import { PublishPanel } from './publish-panel';
import { ChapterImages } from './chapter-images';

interface Draft {
  title: string;
  description: string;
  markdown: string;
  keywords: string;
  slug: string;
}

const draftOf = (post: Post): Draft => ({ title: post.title, description: post.description, markdown: post.markdown, keywords: post.keywords.join(', '), slug: post.slug });
const keywordsOf = (text: string) =>
  text
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);

export function EditorPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const post = useQuery({ queryKey: ['post', id], queryFn: ({ signal }) => api.posts.get({ path: { id }, signal }) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (post.data && draft === null) setDraft(draftOf(post.data));
  }, [post.data, draft]);

  const save = useMutation({
    mutationFn: (next: Draft) =>
      api.posts.update({
        path: { id },
        body: { title: next.title, description: next.description, markdown: next.markdown, keywords: keywordsOf(next.keywords), ...(next.slug !== post.data?.slug ? { slug: next.slug.trim() } : {}) },
      }),
    onSuccess: (updated) => {
      client.setQueryData(['post', id], updated);
      setDraft(draftOf(updated));
      setViewing(null);
      setSaved(`Saved as version ${updated.version}.`);
      void client.invalidateQueries({ queryKey: ['posts'] });
    },
  });
  const preview = useMemo(() => (draft ? renderPreview(draft.markdown) : ''), [draft]);

  if (post.isPending || (post.data && !draft)) return <Loading what="Loading the post" />;
  if (post.error) return <ErrorView error={post.error} title="This post could not be opened" />;
  const current = post.data;
  const edit = draft!;
  const shown = save.error ? describeError(save.error) : undefined;
  const title = lengthCounter(edit.title, SEO_LIMITS.title);
  const description = lengthCounter(edit.description, SEO_LIMITS.description);
  const dirty = JSON.stringify(edit) !== JSON.stringify(draftOf(current));
  const set = (change: Partial<Draft>) => {
    setSaved(null);
    setDraft({ ...edit, ...change });
  };

  return (
    <>
      <div className="row spread">
        <h1>Edit post</h1>
        <div className="row">
          <span className="muted small">
            version {current.version} of {current.latest_version}
          </span>
          {(['md', 'html', 'json'] as const).map((format) => (
            // A plain download: the browser sends the session cookie and saves the attachment.
            <a key={format} className="btn" href={`/api/v1/posts/${id}/export?format=${format}`} download>
              Export {format}
            </a>
          ))}
        </div>
      </div>
      <ApiForm label="Post" onSubmit={() => save.mutate(edit)}>
        <div className="card">
          <Field label="SEO title" error={shown?.fields.title} extra={<span className={`counter small${title.over ? ' over' : ''}`} aria-live="polite">{title.label}</span>} hint={title.over ? 'Longer than search results show.' : undefined}>
            <input value={edit.title} onChange={(event) => set({ title: event.target.value })} maxLength={200} />
          </Field>
          <Field
            label="Meta description"
            error={shown?.fields.description}
            extra={<span className={`counter small${description.over ? ' over' : ''}`} aria-live="polite">{description.label}</span>}
            hint={description.over ? 'Longer than search results show.' : undefined}
          >
            <textarea rows={2} value={edit.description} onChange={(event) => set({ description: event.target.value })} maxLength={500} style={{ minHeight: 0 }} />
          </Field>
          <div className="grid-2">
            <Field label="Keywords" hint="Comma-separated" error={shown?.fields.keywords}>
              <input value={edit.keywords} onChange={(event) => set({ keywords: event.target.value })} />
            </Field>
            <Field label="Slug" hint="The post's address: lowercase letters, digits and hyphens; unique among your posts." error={shown?.fields.slug ?? (shown?.code === 'slug_taken' ? shown.message : undefined)}>
              <input value={edit.slug} onChange={(event) => set({ slug: event.target.value })} maxLength={80} />
            </Field>
          </div>
        </div>
        <div className="editor-grid">
          <div>
            <h2 id="markdown-label">Markdown</h2>
            <CodeMirror
              value={edit.markdown}
              height="600px"
              extensions={[markdownLanguage(), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-labelledby': 'markdown-label' })]}
              theme={document.documentElement.dataset.theme === 'dark' || (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches) ? 'dark' : 'light'}
              onChange={(value) => set({ markdown: value })}
            />
            {shown?.fields.markdown ? <span style={{ color: 'var(--danger)' }}>{shown.fields.markdown}</span> : null}
          </div>
          <div>
            <h2>Preview</h2>
            <div className="preview" aria-label="Preview" dangerouslySetInnerHTML={{ __html: preview }} />
          </div>
        </div>
        {shown && Object.keys(shown.fields).length === 0 && shown.code !== 'slug_taken' ? <ErrorView error={save.error} /> : null}
        {saved ? (
          <p className="alert ok" role="status">
            {saved}
          </p>
        ) : null}
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn primary" type="submit" disabled={save.isPending || !dirty}>
            Save as new version
          </button>
          <button className="btn" type="button" disabled={!dirty} onClick={() => setDraft(draftOf(current))}>
            Discard changes
          </button>
        </div>
      </ApiForm>
      <ChapterImages
        post={current}
        dirty={dirty}
        onSaved={(updated) => {
          client.setQueryData(['post', id], updated);
          setDraft(draftOf(updated));
          setViewing(null);
          setSaved(`Image replaced: saved as version ${updated.version}.`);
          void client.invalidateQueries({ queryKey: ['posts'] });
        }}
      />
      <PublishPanel post={current} />
      <Versions postId={id} latest={current.latest_version} current={edit} viewing={viewing} onView={setViewing} onRestore={(old) => save.mutate(draftOf(old))} restoring={save.isPending} />
      {current.citations && Array.isArray((current.citations as { paragraphs?: unknown[] }).paragraphs) ? <Citations citations={current.citations as unknown as CitationMap} /> : null}
    </>
  );
}

function Versions({ postId, latest, current, viewing, onView, onRestore, restoring }: { postId: string; latest: number; current: Draft; viewing: number | null; onView: (version: number | null) => void; onRestore: (post: Post) => void; restoring: boolean }) {
  const old = useQuery({
    queryKey: ['post', postId, 'version', viewing],
    queryFn: ({ signal }) => api.posts.get({ path: { id: postId }, query: { version: viewing! }, signal }),
    enabled: viewing !== null,
  });
  const versions = Array.from({ length: latest }, (_, index) => latest - index);
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">Versions</h2>
      <ul className="row" style={{ listStyle: 'none', padding: 0 }} aria-label="Versions">
        {versions.map((version) => (
          <li key={version}>
            <button className="btn" aria-pressed={viewing === version} onClick={() => onView(viewing === version ? null : version)}>
              Version {version}
            </button>
          </li>
        ))}
      </ul>
      {viewing === null ? null : old.isPending ? (
        <Loading />
      ) : old.error ? (
        <ErrorView error={old.error} />
      ) : (
        <div className="card">
          <div className="row spread">
            <span>
              Version {old.data.version}: <strong>{old.data.title}</strong> <span className="muted small">{formatDate(old.data.updated_at)}</span>
            </span>
            <button className="btn" disabled={restoring} onClick={() => onRestore(old.data)}>
              Restore version {old.data.version}
            </button>
          </div>
          <h3>Changes from this version to the editor</h3>
          <Diff before={`# ${old.data.title}\n${old.data.description}\n\n${old.data.markdown}`} after={`# ${current.title}\n${current.description}\n\n${current.markdown}`} />
        </div>
      )}
    </section>
  );
}

function Diff({ before, after }: { before: string; after: string }) {
  const parts = diffLines(before, after);
  if (parts.every((part) => !part.added && !part.removed)) return <p className="muted">No differences.</p>;
  return (
    <pre className="diff doc-text" aria-label="Differences">
      {parts.map((part, index) =>
        part.added ? <ins key={index}>{part.value}</ins> : part.removed ? <del key={index}>{part.value}</del> : <span key={index}>{part.count && part.count > 6 ? `… ${part.count} unchanged lines …\n` : part.value}</span>,
      )}
    </pre>
  );
}

interface CitationMap {
  paragraphs: { section: string; chapter_index?: number; paragraph: number; sources: { start: number; end: number }[] }[];
}

/** Each generated paragraph beside the spans of the source document it was written from. */
function Citations({ citations }: { citations: CitationMap }) {
  if (citations.paragraphs.length === 0) return null;
  return (
    <section aria-labelledby="citations">
      <h2 id="citations">Where the paragraphs come from</h2>
      <ol className="small">
        {citations.paragraphs.slice(0, 100).map((paragraph, index) => (
          <li key={index}>
            {paragraph.section}
            {paragraph.chapter_index !== undefined ? ` ${paragraph.chapter_index + 1}` : ''}, paragraph {paragraph.paragraph + 1}:{' '}
            <span className="muted">
              {paragraph.sources.length === 0 ? 'no source span' : paragraph.sources.map((source) => `characters ${source.start}–${source.end}`).join(', ')} of the document
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
