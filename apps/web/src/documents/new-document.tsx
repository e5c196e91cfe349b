import { useState, type DragEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { describeError, type ShownError } from '../api/problem';
import { formatBytes } from '../format/format';
import { Field } from '../ui/field';
import { ApiForm } from '../ui/form';
import { ErrorView } from '../ui/states';
import { uploadFile, uploadItemsOf, type UploadItem } from './upload';

type Tab = 'paste' | 'upload' | 'youtube' | 'drive';
const TABS: { id: Tab; label: string }[] = [
  { id: 'paste', label: 'Paste text' },
  { id: 'upload', label: 'Upload files' },
  { id: 'youtube', label: 'YouTube link' },
  { id: 'drive', label: 'Drive folder' },
];

export function NewDocument() {
  const [tab, setTab] = useState<Tab>('paste');
  return (
    <section className="card" aria-labelledby="new-document">
      <h2 id="new-document" style={{ marginTop: 0 }}>
        New document
      </h2>
      <div className="tabs" role="tablist" aria-label="How to add a document">
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            onKeyDown={(event) => {
              // The tab list's keyboard pattern: arrows move between tabs.
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = TABS[(TABS.findIndex((t) => t.id === tab) + step + TABS.length) % TABS.length]!.id;
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'paste' ? <PasteForm /> : tab === 'upload' ? <UploadForm /> : tab === 'youtube' ? <YouTubeForm /> : <DriveForm />}
      </div>
    </section>
  );
}

function PasteForm() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const create = useMutation({
    mutationFn: () => api.documents.create({ body: { text, ...(title.trim() ? { title: title.trim() } : {}) } }),
    onSuccess: (doc) => {
      void client.invalidateQueries({ queryKey: ['documents'] });
      void navigate(`/documents/${doc.id}`);
    },
  });
  const shown: ShownError | undefined = create.error ? describeError(create.error) : undefined;
  return (
    <ApiForm onSubmit={() => create.mutate()}>
      <Field label="Title" hint="Optional: the first line is used when empty." error={shown?.fields.title}>
        <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={300} />
      </Field>
      <Field label="Text" error={shown?.fields.text}>
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={8} required />
      </Field>
      {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={create.error} /> : null}
      <button className="btn primary" type="submit" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Save document'}
      </button>
    </ApiForm>
  );
}

function UploadForm() {
  const client = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [over, setOver] = useState(false);
  const update = (key: string, change: Partial<UploadItem>) => setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const start = async (files: File[]) => {
    const added = uploadItemsOf(files, []);
    setItems((all) => [...all, ...added]);
    // One request per file: each has its own progress bar and its own error.
    await Promise.all(
      added.map(async (item) => {
        update(item.key, { state: 'uploading' });
        try {
          const job = await uploadFile(item.file, (progress) => update(item.key, { progress }));
          update(item.key, { state: 'done', progress: 1, jobId: job.job_id });
        } catch (error) {
          update(item.key, { state: 'failed', error: describeError(error).message });
        }
      }),
    );
    void client.invalidateQueries({ queryKey: ['documents'] });
    void client.invalidateQueries({ queryKey: ['jobs'] });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void start([...event.dataTransfer.files]);
  };
  return (
    <div>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop files here (PDF, DOCX, HTML, Markdown, text, subtitles, audio, video), or</p>
        <label className="btn">
          Choose files
          <input
            type="file"
            multiple
            aria-label="Files to upload"
            style={{ position: 'absolute', opacity: 0, width: 1, height: 1 }}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              void start(files);
            }}
          />
        </label>
      </div>
      {items.length > 0 ? (
        <ul aria-label="Uploads" style={{ listStyle: 'none', padding: 0 }}>
          {items.map((item) => (
            <li key={item.key} className="card" data-upload-state={item.state}>
              <div className="row spread">
                <strong>{item.file.name}</strong>
                <span className="muted small">{formatBytes(item.file.size)}</span>
              </div>
              <progress className="progress" max={1} value={item.progress} aria-label={`Upload of ${item.file.name}`} />
              <div className="small">
                {item.state === 'failed' ? (
                  <span className="error" role="alert" style={{ color: 'var(--danger)' }}>
                    {item.error}
                  </span>
                ) : item.state === 'done' ? (
                  <span>
                    Uploaded; reading it in job <Link to={`/jobs/${item.jobId}`}>{item.jobId?.slice(0, 8)}</Link>
                  </span>
                ) : (
                  <span>{Math.round(item.progress * 100)}%</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function YouTubeForm() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [url, setUrl] = useState('');
  const [lang, setLang] = useState('');
  const start = useMutation({
    mutationFn: () => api.documents.importYoutube({ body: { url: url.trim(), ...(lang ? { langs: [lang] } : {}) } }),
    onSuccess: (job) => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void navigate(`/jobs/${job.job_id}`);
    },
  });
  const shown = start.error ? describeError(start.error) : undefined;
  return (
    <ApiForm onSubmit={() => start.mutate()}>
      <Field label="Video URL" error={shown?.fields.url}>
        <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://www.youtube.com/watch?v=…" />
      </Field>
      <Field label="Caption language" hint="The video's default track when left on Automatic." error={shown?.fields.langs}>
        <select value={lang} onChange={(event) => setLang(event.target.value)}>
          <option value="">Automatic</option>
          {['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh'].map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </Field>
      {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={start.error} /> : null}
      <button className="btn primary" type="submit" disabled={start.isPending || !url.trim()}>
        Import captions
      </button>
    </ApiForm>
  );
}

function DriveForm() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [folder, setFolder] = useState('');
  const [recursive, setRecursive] = useState(false);
  const start = useMutation({
    mutationFn: () => api.documents.importDrive({ body: { folder_url: folder.trim(), recursive } }),
    onSuccess: (job) => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void navigate(`/jobs/${job.job_id}`);
    },
  });
  const shown = start.error ? describeError(start.error) : undefined;
  return (
    <ApiForm onSubmit={() => start.mutate()}>
      <Field label="Drive folder URL" hint="Connect Google Drive on Integrations first." error={shown?.fields.folder_url}>
        <input type="url" value={folder} onChange={(event) => setFolder(event.target.value)} placeholder="https://drive.google.com/drive/folders/…" />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={recursive} onChange={(event) => setRecursive(event.target.checked)} /> Include sub-folders
      </label>
      {shown && Object.keys(shown.fields).length === 0 ? <ErrorView error={start.error} /> : null}
      <p>
        <button className="btn primary" type="submit" disabled={start.isPending || !folder.trim()}>
          Import folder
        </button>
      </p>
    </ApiForm>
  );
}
