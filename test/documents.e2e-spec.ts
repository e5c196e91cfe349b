import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { hexString, onePagePdf, predefinedCMapFont } from '../libs/ingestion/src/extractors/__fixtures__/handmade-pdf.js';
import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

const UPLOAD_LIMIT = 256 * 1024;
const TEXT_LIMIT = 5000;

/** A minimal PCM WAV: 0.5 s of silence, enough for detection from the bytes. */
function wavBytes(): Buffer {
  const samples = 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

describe('documents: text, upload, extraction by the worker, tenant isolation', () => {
  const stack = useStack({
    worker: true,
    // A storage folder of this file's own: it counts stored files while other files store theirs.
    env: () => ({ UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT), DOCUMENT_MAX_CHARS: String(TEXT_LIMIT), JOB_ATTEMPTS: '1', OPENAI_API_KEY: '', STORAGE_DIR: `${process.env.STORAGE_DIR}/documents-e2e` }),
  });
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;

  const jobOf = (owner: SeededUser, jobId: string, status: string) => stack.job(owner, jobId, status);

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  describe('pasted text', () => {
    it('creates a document, deriving the title from the first line', async () => {
      const res = await api.http
        .post('/api/v1/documents')
        .set(alice.auth)
        .send({ text: '# Growing tomatoes on a balcony\n\nStart with a deep pot and full sun.' })
        .expect(201);
      expect(res.body).toMatchObject({
        source_type: 'text',
        title: 'Growing tomatoes on a balcony',
        version: 1,
        text_length: '# Growing tomatoes on a balcony\n\nStart with a deep pot and full sun.'.length,
        transcription_status: 'not_needed',
      });
      expect(res.body.text).toBeUndefined();
      const fetched = await api.http.get(`/api/v1/documents/${res.body.id}`).set(alice.auth).expect(200);
      expect(fetched.body.text).toBe('# Growing tomatoes on a balcony\n\nStart with a deep pot and full sun.');
    });

    it('answers 400 naming the field for missing or unknown fields and a bad lang', async () => {
      expect((await api.http.post('/api/v1/documents').set(alice.auth).send({}).expect(400)).body.errors[0].field).toBe('text');
      expect((await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'x', owner: 'me' }).expect(400)).body.errors[0].field).toBe('owner');
      expect((await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'x', lang: 'English!' }).expect(400)).body.errors[0].field).toBe('lang');
    });

    it('answers 401 without credentials and 403 without documents:write', async () => {
      await api.http.post('/api/v1/documents').send({ text: 'x' }).expect(401);
      await api.http.get('/api/v1/documents').expect(401);
      const reader = await stack.user(['documents:read']);
      const res = await api.http.post('/api/v1/documents').set(reader.auth).send({ text: 'x' }).expect(403);
      expect(res.body.required_scope).toBe('documents:write');
    });

    it('lists newest first, pages with a cursor and filters by source_type', async () => {
      const owner = await stack.user();
      for (const n of [1, 2, 3]) await api.http.post('/api/v1/documents').set(owner.auth).send({ text: `note ${n}` }).expect(201);
      const first = await api.http.get('/api/v1/documents?limit=2').set(owner.auth).expect(200);
      expect(first.body.items.map((d: { title: string }) => d.title)).toEqual(['note 3', 'note 2']);
      expect(first.body.items[0].text).toBeUndefined();
      const second = await api.http.get(`/api/v1/documents?limit=2&cursor=${first.body.next_cursor}`).set(owner.auth).expect(200);
      expect(second.body.items.map((d: { title: string }) => d.title)).toEqual(['note 1']);
      expect((await api.http.get('/api/v1/documents?source_type=upload').set(owner.auth).expect(200)).body.items).toEqual([]);
      expect((await api.http.get('/api/v1/documents?source_type=fax').set(owner.auth).expect(400)).body.errors[0].field).toBe('source_type');
    });

    it('edits with If-Match: bumps the version; a stale version is 412', async () => {
      const created = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: 'draft one' }).expect(201);
      const id = created.body.id;
      const fetched = await api.http.get(`/api/v1/documents/${id}`).set(alice.auth).expect(200);
      expect(fetched.headers.etag).toBe('"1"');
      const edited = await api.http.patch(`/api/v1/documents/${id}`).set(alice.auth).set('If-Match', '"1"').send({ text: 'draft two' }).expect(200);
      expect(edited.body).toMatchObject({ version: 2, text: 'draft two' });
      const stale = await api.http.patch(`/api/v1/documents/${id}`).set(alice.auth).set('If-Match', '"1"').send({ title: 'lost update' }).expect(412);
      expect(stale.body).toMatchObject({ type: expect.stringMatching(/version_mismatch$/), current_version: 2 });
      expect((await api.http.get(`/api/v1/documents/${id}`).set(alice.auth)).body.title).toBe('draft one');
      await api.http.patch(`/api/v1/documents/${id}`).set(alice.auth).set('If-Match', 'soon').send({ title: 'x' }).expect(400);
      await api.http.patch(`/api/v1/documents/${id}`).set(alice.auth).send({}).expect(400);
    });

    it('holds a user’s own text to DOCUMENT_MAX_CHARS wherever it enters: paste, edit, document.persist, generate_blog', async () => {
      const long = 'word '.repeat(TEXT_LIMIT / 5) + 'over';
      const pasted = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: long }).expect(400);
      expect(pasted.body.errors).toEqual([{ field: 'text', message: `text must be at most ${TEXT_LIMIT} characters` }]);
      const doc = await api.http.post('/api/v1/documents').set(alice.auth).send({ text: long.slice(0, TEXT_LIMIT) }).expect(201);
      const edited = await api.http.patch(`/api/v1/documents/${doc.body.id}`).set(alice.auth).send({ text: long }).expect(400);
      expect(edited.body.errors[0].field).toBe('text');
      const persisted = await api.http.post('/api/v1/steps/document.persist').set(alice.auth).send({ document_id: doc.body.id, fields: { text: long }, version: 1 }).expect(400);
      expect(persisted.body.errors[0].field).toBe('fields.text');
      const pipeline = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ text: long }).expect(400);
      expect(pipeline.body.errors[0].field).toBe('text');
      const current = await api.http.get(`/api/v1/documents/${doc.body.id}`).set(alice.auth).expect(200);
      expect(current.body).toMatchObject({ version: 1, text: long.slice(0, TEXT_LIMIT) });
    });

    it('answers 404 for another user’s document on read, edit and delete', async () => {
      const created = await api.http.post('/api/v1/documents').set(bob.auth).send({ text: 'private' }).expect(201);
      await api.http.get(`/api/v1/documents/${created.body.id}`).set(alice.auth).expect(404);
      await api.http.patch(`/api/v1/documents/${created.body.id}`).set(alice.auth).send({ title: 'mine now' }).expect(404);
      await api.http.delete(`/api/v1/documents/${created.body.id}`).set(alice.auth).expect(404);
      await api.http.get(`/api/v1/documents/${created.body.id}`).set(bob.auth).expect(200);
    });
  });

  describe('uploads', () => {
    it('streams a Markdown file, extracts it in the worker, and deletes its stored file with the document', async () => {
      const markdown = '---\ntitle: Field notes\n---\n# Field notes\n\nThe river rose two metres overnight. By morning the lower field was under water, so we moved the sheep to the hill and checked the fences twice.\n';
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', Buffer.from(markdown), 'notes.md').expect(202);
      expect(res.body).toMatchObject({ type: 'ingest_upload', status: 'queued', href: `/api/v1/jobs/${res.body.job_id}` });

      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      const documentId = job.output.document_ids[0];
      const document = await api.http.get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
      expect(document.body).toMatchObject({ source_type: 'upload', source_ref: 'notes.md', title: 'Field notes' });
      expect(document.body.text).toContain('The river rose two metres overnight.');
      expect(document.body.metadata.source).toMatchObject({ name: 'notes.md', mime: 'text/markdown' });

      const storageDir = process.env.STORAGE_DIR!;
      const before = await countFiles(storageDir);
      await api.http.delete(`/api/v1/documents/${documentId}`).set(alice.auth).expect(204);
      expect(await countFiles(storageDir)).toBe(before - 1);
      await api.http.get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(404);
    });

    it('optimizes an uploaded image into media with WebP and AVIF variants', async () => {
      const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3a7' } }).png().toBuffer();
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', png, 'chart.png').expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      expect(job.output.media_ids).toHaveLength(1);
      expect(job.output.files[0]).toMatchObject({ name: 'chart.png', mime: 'image/png' });
    });

    it('creates the document of an audio file with transcription_status unavailable when no provider is configured', async () => {
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', wavBytes(), 'interview.wav').expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      const document = await api.http.get(`/api/v1/documents/${job.output.document_ids[0]}`).set(alice.auth).expect(200);
      expect(document.body.transcription_status).toBe('unavailable');
      expect(document.body.metadata.transcription_message).toMatch(/OPENAI_API_KEY/);
    });

    it('extracts a Japanese PDF whose font names a predefined CMap (Shift-JIS), with the page offsets', async () => {
      const report = '日本語の報告書です。今年の売上は前年より増えました。来年は新しい店を二つ開く予定です。';
      const pdf = onePagePdf(`BT /F1 12 Tf 50 700 Td ${hexString(report, 'Shift_JIS')} Tj ET`, predefinedCMapFont('90ms-RKSJ-H'));
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', pdf, 'houkokusho.pdf').expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      const document = await api.http.get(`/api/v1/documents/${job.output.document_ids[0]}`).set(alice.auth).expect(200);
      expect(document.body.text).toBe(report);
      expect(document.body.metadata).toMatchObject({ pages: 1, page_offsets: [{ page: 1, start: 0, end: report.length }] });
    });

    it('reads a SubRip file without cue numbers, with a BOM and CRLF line ends, as captions with timed segments', async () => {
      const preheat = 'Preheat the oven to two hundred and fifty degrees with the pot inside.';
      const score = 'Score the loaf once, quickly, and slide it into the hot pot.';
      const srt = `\uFEFF${['00:00:01,000 --> 00:00:02,500', preheat, '', '00:00:03,000 --> 00:00:05,000', score, ''].join('\r\n')}`;
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', Buffer.from(srt), 'bake.srt').expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      const document = await api.http.get(`/api/v1/documents/${job.output.document_ids[0]}`).set(alice.auth).expect(200);
      expect(document.body.text).toBe(`${preheat} ${score}`);
      expect(document.body.metadata.source).toMatchObject({ mime: 'application/x-subrip' });
      expect(document.body.metadata.segments).toEqual([
        { start_s: 1, dur_s: 1.5, text: preheat },
        { start_s: 3, dur_s: 2, text: score },
      ]);
      expect(document.body.duration_s).toBe(5);
    });

    it('fails the job with a stable code for a corrupt PDF, writing no document', async () => {
      const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(64, 0x41)]);
      const res = await api.http.post('/api/v1/documents/upload').set(bob.auth).attach('files', corrupt, 'report.pdf').expect(202);
      const job = await jobOf(bob, res.body.job_id, 'failed');
      expect(job.error.code).toBe('pdf_corrupt');
      const docs = await api.http.get('/api/v1/documents?source_type=upload').set(bob.auth).expect(200);
      expect(docs.body.items).toEqual([]);
    });

    it('answers 415 naming the detected type for an executable renamed .pdf, keeping nothing', async () => {
      const before = await countFiles(process.env.STORAGE_DIR!);
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);
      const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', elf, 'invoice.pdf').expect(415);
      expect(res.body).toMatchObject({ detected_type: 'application/x-elf', file: 'invoice.pdf' });
      expect(await countFiles(process.env.STORAGE_DIR!)).toBe(before);
    });

    it('answers 413 for a file over the upload limit, keeping nothing', async () => {
      const before = await countFiles(process.env.STORAGE_DIR!);
      const res = await api.http
        .post('/api/v1/documents/upload')
        .set(alice.auth)
        .attach('files', Buffer.alloc(UPLOAD_LIMIT + 1024, 0x61), 'big.txt')
        .expect(413);
      expect(res.body.limit_bytes).toBe(UPLOAD_LIMIT);
      expect(await countFiles(process.env.STORAGE_DIR!)).toBe(before);
    });

    it('never uses the client’s file name as a path, and shows it without folders or control characters', async () => {
      const res = await api.http
        .post('/api/v1/documents/upload')
        .set(alice.auth)
        .attach('files', Buffer.from('escape attempt: this file name tries to climb out of the storage folder, and the upload must keep it inside no matter what.\n'), '../../../../tmp/scriptorium-escape.txt')
        .attach('files', wavBytes(), '..\\..\\Windows\\Résumé\u202e.wav')
        .expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      expect(existsSync('/tmp/scriptorium-escape.txt')).toBe(false);
      const documents = await Promise.all(
        (job.output.document_ids as string[]).map(async (id) => (await api.http.get(`/api/v1/documents/${id}`).set(alice.auth).expect(200)).body),
      );
      expect(documents.map((document) => [document.source_ref, document.metadata.source.name])).toEqual([
        ['scriptorium-escape.txt', 'scriptorium-escape.txt'],
        ['Résumé.wav', 'Résumé.wav'],
      ]);
      // An audio file without a transcript is titled by its name.
      expect(documents[1].title).toBe('Résumé.wav');
      expect(job.output.files.map((file: { name: string }) => file.name)).toEqual(['scriptorium-escape.txt', 'Résumé.wav']);
      expect(documents[0].text).toContain('escape attempt');
    });

    it('answers 400 without files and 401 without credentials', async () => {
      const empty = await api.http.post('/api/v1/documents/upload').set(alice.auth).field('note', 'no file').expect(400);
      expect(empty.body.errors[0].field).toBe('files');
      await api.http.post('/api/v1/documents/upload').attach('files', Buffer.from('x'), 'a.txt').expect(401);
    });

    it('replays an upload with the same Idempotency-Key and the same bytes, and answers 422 for other bytes of the same length', async () => {
      const send = (content: string) =>
        api.http.post('/api/v1/documents/upload').set(alice.auth).set('Idempotency-Key', 'upload-once').attach('files', Buffer.from(content), 'same-name.txt');
      const before = await countFiles(process.env.STORAGE_DIR!);
      const notes = (version: string) => `${version} version of the notes: flour, water, salt, starter; mix, rest, fold, shape, proof, score, bake, cool, slice, share and repeat.\n`;
      const first = await send(notes('first')).expect(202);
      const again = await send(notes('first')).expect(202);
      expect(again.body.job_id).toBe(first.body.job_id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await send(notes('other')).expect(422);
      expect(other.body.type).toMatch(/idempotency_key_reused$/);
      await jobOf(alice, first.body.job_id, 'succeeded');
      // The replayed and the refused uploads kept none of their bytes: one upload's file (and its document).
      expect(await countFiles(process.env.STORAGE_DIR!)).toBe(before + 1);
    });

    it('fails a file whose text is too short with too_little_text naming the words found, keeping neither document nor bytes', async () => {
      const res = await api.http.post('/api/v1/documents/upload').set(bob.auth).attach('files', Buffer.from('Buy flour.\n'), 'todo.txt').expect(202);
      const job = await jobOf(bob, res.body.job_id, 'failed');
      expect(job.error).toMatchObject({ code: 'too_little_text', message: expect.stringMatching(/^todo\.txt: found 2 words; at least 20 are needed/) });
      expect((await api.http.get('/api/v1/documents?source_type=upload').set(bob.auth).expect(200)).body.items).toEqual([]);
      expect((await api.http.get('/api/v1/media').set(bob.auth).expect(200)).body.items).toEqual([]);
      const { STORAGE } = await import('@app/ingestion');
      const storedAt = api.app.get<{ pathOf(key: string): string }>(STORAGE).pathOf(job.input.files[0].storage_key);
      expect(existsSync(storedAt)).toBe(false);
    });

    it('does not show another user’s upload job', async () => {
      const res = await api.http.post('/api/v1/documents/upload').set(bob.auth).attach('files', Buffer.from('bob only'), 'b.txt').expect(202);
      await api.http.get(`/api/v1/jobs/${res.body.job_id}`).set(alice.auth).expect(404);
    });
  });
});

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes('/.tmp/')).length;
}
