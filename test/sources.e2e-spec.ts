import { EntityManager } from '@mikro-orm/postgresql';
import type { SeededUser } from './support/accounts.js';
import { FAKE_YOUTUBE_VIDEOS as V } from './fakes/youtube.fake.js';
import { FAKE_DRIVE as F, FAKE_GOOGLE_AUTH_CODE, FAKE_GOOGLE_CLIENT, FAKE_GOOGLE_SCOPE } from './fakes/google.fake.js';
import { useStack } from './support/use-stack.js';

interface DriveFileOutcome {
  drive_file_id: string;
  name: string;
  status: 'created' | 'updated' | 'skipped' | 'failed';
  document_id?: string;
  media_id?: string;
  error?: { code: string; message: string };
}

describe('sources: YouTube captions and Google Drive folders, through the API and a real worker', () => {
  const stack = useStack({ worker: true, fakes: { youtube: true, google: { maxPageSize: 3 } }, env: { JOB_ATTEMPTS: '1', OPENAI_API_KEY: '' } });
  const { api } = stack;
  const { google } = stack.fakes;
  let alice: SeededUser;
  let bob: SeededUser;

  const jobOf = (owner: SeededUser, jobId: string, status: string) => stack.job(owner, jobId, status);

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  describe('YouTube', () => {
    it('turns a video’s manual caption track into a document with title, channel, duration and segments', async () => {
      const res = await api.http
        .post('/api/v1/documents/youtube')
        .set(alice.auth)
        .send({ url: `https://www.youtube.com/watch?v=${V.manualAndAuto}&t=42s`, langs: ['en'] })
        .expect(202);
      expect(res.body).toMatchObject({ type: 'ingest_youtube', status: 'queued', href: `/api/v1/jobs/${res.body.job_id}` });
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      expect(job.output).toMatchObject({ video_id: V.manualAndAuto, lang: 'en', caption_source: 'manual' });

      const document = await api.http.get(`/api/v1/documents/${job.output.document_id}`).set(alice.auth).expect(200);
      expect(document.body).toMatchObject({
        source_type: 'youtube',
        source_ref: V.manualAndAuto,
        title: 'Sourdough starter in five days',
        lang: 'en',
        duration_s: 412,
        transcription_status: 'not_needed',
        version: 1,
      });
      expect(document.body.text).toContain('Welcome back to the kitchen.');
      expect(document.body.text).toContain('flour, water & patience');
      expect(document.body.metadata).toMatchObject({
        channel: 'Crumb & Crust Kitchen',
        title: 'Sourdough starter in five days',
        duration_s: 412,
        caption_source: 'manual',
        caption_track: { lang: 'en', kind: 'manual', name: 'English', reason: 'requested_language' },
      });
      expect(document.body.metadata.segments).toHaveLength(4);
      expect(document.body.metadata.segments[0]).toMatchObject({ text: 'Welcome back to the kitchen.' });

      const { MikroORM } = await import('@mikro-orm/postgresql');
      const usage = await api.app.get(MikroORM).em.fork().getConnection().execute<{ event_type: string; engine: string; duration_s: number }[]>(
        'select event_type, engine, duration_s from usage_events where job_id = ?',
        [res.body.job_id],
      );
      expect(usage).toEqual([{ event_type: 'transcribe', engine: 'captions', duration_s: 412 }]);
    });

    it('answers the transcript.fetch step inline with Prefer: wait, and a private video with its failure code', async () => {
      const res = await api.http
        .post('/api/v1/steps/transcript.fetch')
        .set(alice.auth)
        .set('Prefer', 'wait=20')
        .send({ url: `https://youtu.be/${V.manualAndAuto}?si=share`, langs: ['en'] })
        .expect(200);
      expect(res.body.status).toBe('succeeded');
      expect(res.body.result).toMatchObject({ video_id: V.manualAndAuto, lang: 'en', source: 'manual', duration_s: 412 });
      expect(res.body.result.text).toContain('Welcome back to the kitchen.');
      expect(res.body.result.segments[0]).toEqual(expect.objectContaining({ start_s: expect.any(Number), dur_s: expect.any(Number), text: 'Welcome back to the kitchen.' }));

      const failed = await api.http.post('/api/v1/steps/transcript.fetch').set(alice.auth).set('Prefer', 'wait=20').send({ video_id: V.privateVideo }).expect(200);
      expect(failed.body).toMatchObject({ status: 'failed', error: { code: 'video_unavailable' } });

      const bad = await api.http.post('/api/v1/steps/transcript.fetch').set(alice.auth).send({ url: 'https://vimeo.com/123' }).expect(400);
      expect(bad.body.errors[0].field).toBe('url');
      await api.http.post('/api/v1/steps/transcript.fetch').send({ video_id: V.manualAndAuto }).expect(401);
    });

    it('takes the video’s default caption track when no language is asked for, not the first one listed, and records why', async () => {
      const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ url: `https://www.youtube.com/watch?v=${V.multiLanguageTalk}` }).expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      expect(job.output).toMatchObject({ lang: 'en', caption_source: 'manual' });
      const document = await api.http.get(`/api/v1/documents/${job.output.document_id}`).set(alice.auth).expect(200);
      expect(document.body).toMatchObject({ lang: 'en', title: 'Why bread rises' });
      expect(document.body.text).toMatch(/^Why does bread rise\?/);
      expect(document.body.metadata.caption_track).toEqual({ lang: 'en', kind: 'manual', name: 'English', reason: 'default_track' });
    });

    it('falls back to another language when none of the requested ones has captions', async () => {
      const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: V.autoGermanOnly, langs: ['en', 'fr'] }).expect(202);
      const job = await jobOf(alice, res.body.job_id, 'succeeded');
      expect(job.output).toMatchObject({ lang: 'de', caption_source: 'auto' });
      const document = await api.http.get(`/api/v1/documents/${job.output.document_id}`).set(alice.auth).expect(200);
      expect(document.body).toMatchObject({ lang: 'de', title: 'Brot backen für Anfänger' });
      expect(document.body.text).toContain('heute backen wir ein Brot');
      expect(document.body.metadata.caption_track).toEqual({ lang: 'de', kind: 'asr', name: 'Deutsch (automatisch erzeugt)', reason: 'fallback' });
    });

    it('fails the job with video_unavailable for a private video, writing no document', async () => {
      const owner = await stack.user();
      const res = await api.http.post('/api/v1/documents/youtube').set(owner.auth).send({ video_id: V.privateVideo }).expect(202);
      const job = await jobOf(owner, res.body.job_id, 'failed');
      expect(job.error).toMatchObject({ code: 'video_unavailable', message: expect.stringContaining('This video is private') });
      expect((await api.http.get('/api/v1/documents').set(owner.auth).expect(200)).body.items).toEqual([]);
    });

    it('fails the job with youtube_login_required, not blocked with a proxy hint, when YouTube asks for a bot check', async () => {
      const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: V.botCheck }).expect(202);
      const job = await jobOf(alice, res.body.job_id, 'failed');
      expect(job.error.code).toBe('youtube_login_required');
      expect(job.error.message).toMatch(/upload the video file or a captions file/);
      expect(job.error.message).not.toContain('YOUTUBE_PROXY_URL');
    });

    it('fails the job with captions_disabled, writing no document, when captions are off and no transcription is configured', async () => {
      const { seedUser } = await import('./support/accounts.js');
      const owner = await seedUser(api.app);
      const res = await api.http.post('/api/v1/documents/youtube').set(owner.auth).send({ url: `https://youtu.be/${V.captionsDisabled}` }).expect(202);
      const job = await jobOf(owner, res.body.job_id, 'failed');
      expect(job.error.code).toBe('captions_disabled');
      expect(job.error.message).toMatch(/captions are disabled .* turned them off.*OPENAI_API_KEY.*upload the video file or a captions file/);
      expect((await api.http.get('/api/v1/documents').set(owner.auth).expect(200)).body.items).toEqual([]);
    });

    it('fails the job with too_little_text, writing no document, when the captions hold too few words', async () => {
      const { seedUser } = await import('./support/accounts.js');
      const owner = await seedUser(api.app);
      const res = await api.http.post('/api/v1/documents/youtube').set(owner.auth).send({ video_id: V.shortCaptions }).expect(202);
      const job = await jobOf(owner, res.body.job_id, 'failed');
      expect(job.error).toMatchObject({ code: 'too_little_text', message: expect.stringMatching(new RegExp(`^The captions of YouTube video ${V.shortCaptions}: found 3 words; at least 20 are needed`)) });
      expect((await api.http.get('/api/v1/documents').set(owner.auth).expect(200)).body.items).toEqual([]);
    });

    it('answers 400 naming url for a link that is not a YouTube video', async () => {
      for (const url of ['https://vimeo.com/12345', 'https://youtube.com.evil.io/watch?v=mAnUaLeN_01', 'not a link']) {
        const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ url }).expect(400);
        expect(res.body.errors[0].field).toBe('url');
      }
    });

    it('answers 400 naming the fields when both or neither of url and video_id are sent, or a field is malformed', async () => {
      const both = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ url: `https://youtu.be/${V.manualAndAuto}`, video_id: V.manualAndAuto }).expect(400);
      expect(both.body.errors.map((e: { field: string }) => e.field)).toContain('video_id');
      const neither = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ langs: ['en'] }).expect(400);
      expect(neither.body.errors.map((e: { field: string }) => e.field)).toEqual(['url', 'video_id']);
      expect((await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: 'short' }).expect(400)).body.errors[0].field).toBe('video_id');
      expect((await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: V.manualAndAuto, langs: ['English!'] }).expect(400)).body.errors[0].field).toBe('langs');
      const many = Array.from({ length: 11 }, (_, i) => `l${String.fromCharCode(97 + i)}`);
      expect((await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: V.manualAndAuto, langs: many }).expect(400)).body.errors[0].field).toBe('langs');
    });

    it('answers 401 without credentials', async () => {
      await api.http.post('/api/v1/documents/youtube').send({ video_id: V.manualAndAuto }).expect(401);
    });

    it('does not show another user’s YouTube job', async () => {
      const res = await api.http.post('/api/v1/documents/youtube').set(bob.auth).send({ video_id: V.manualAndAuto }).expect(202);
      await api.http.get(`/api/v1/jobs/${res.body.job_id}`).set(alice.auth).expect(404);
      await jobOf(bob, res.body.job_id, 'succeeded');
    });
  });

  describe('Google Drive', () => {
    let owner: SeededUser;

    async function importFolder(body: Record<string, unknown>) {
      const res = await api.http.post('/api/v1/documents/drive').set(owner.auth).send(body).expect(202);
      expect(res.body.type).toBe('ingest_drive_folder');
      const job = await jobOf(owner, res.body.job_id, 'succeeded');
      return job.output as { files: DriveFileOutcome[]; created: number; updated: number; skipped: number; failed: number };
    }

    async function driveDocuments() {
      const res = await api.http.get('/api/v1/documents?source_type=drive&limit=100').set(owner.auth).expect(200);
      return res.body.items as { id: string; source_ref: string; title: string; version: number }[];
    }

    beforeAll(async () => {
      owner = await stack.user();
    });

    it('answers 409 drive_not_connected before Google is connected', async () => {
      const res = await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.root }).expect(409);
      expect(res.body.type).toMatch(/drive_not_connected$/);
    });

    it('connects Google: consent redirect with a browser-bound state, then the callback stores the grant encrypted', async () => {
      const connect = await api.http.get('/api/v1/integrations/google/connect').set(owner.auth).expect(302);
      const location = new URL(connect.headers.location as string);
      expect(`${location.origin}${location.pathname}`).toBe(google.authUrl);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        access_type: 'offline',
        prompt: 'consent',
        client_id: FAKE_GOOGLE_CLIENT.id,
        response_type: 'code',
        redirect_uri: expect.stringMatching(/\/api\/v1\/integrations\/google\/callback$/),
      });
      expect(location.searchParams.get('scope')).toContain(FAKE_GOOGLE_SCOPE);
      expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const cookies = ([] as string[]).concat(connect.headers['set-cookie'] ?? []);
      const stateCookie = cookies.find((cookie) => cookie.startsWith('scriptorium_google_state='));
      expect(stateCookie).toMatch(/HttpOnly/i);
      const cookie = stateCookie!.split(';')[0]!;

      const forged = await api.http.get(`/api/v1/integrations/google/callback?code=${FAKE_GOOGLE_AUTH_CODE}&state=forged`).set(owner.auth).set('Cookie', cookie).expect(400);
      expect(forged.body.errors[0].field).toBe('state');
      // Without the caller's credentials the callback is refused like every route.
      const again = await api.http.get('/api/v1/integrations/google/connect').set(owner.auth).expect(302);
      const againState = new URL(again.headers.location as string).searchParams.get('state')!;
      const againCookie = ([] as string[]).concat(again.headers['set-cookie'] ?? []).find((c) => c.startsWith('scriptorium_google_state='))!.split(';')[0]!;
      await api.http.get(`/api/v1/integrations/google/callback?code=${FAKE_GOOGLE_AUTH_CODE}&state=${againState}`).set('Cookie', againCookie).expect(401);

      const third = await api.http.get('/api/v1/integrations/google/connect').set(owner.auth).expect(302);
      const thirdState = new URL(third.headers.location as string).searchParams.get('state')!;
      const thirdCookie = ([] as string[]).concat(third.headers['set-cookie'] ?? []).find((c) => c.startsWith('scriptorium_google_state='))!.split(';')[0]!;
      const callback = await api.http
        .get(`/api/v1/integrations/google/callback?code=${encodeURIComponent(FAKE_GOOGLE_AUTH_CODE)}&state=${thirdState}&scope=${encodeURIComponent(FAKE_GOOGLE_SCOPE)}`)
        .set(owner.auth)
        .set('Cookie', thirdCookie)
        .expect(302);
      expect(callback.headers.location).toBe('/api/v1/integrations');
      expect(google.requests.some((r) => r.path === '/token' && r.form?.grant_type === 'authorization_code')).toBe(true);

      const list = await api.http.get('/api/v1/integrations').set(owner.auth).expect(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({ provider: 'google', scopes: [FAKE_GOOGLE_SCOPE], account_email: null });
      const raw = JSON.stringify(list.body);
      expect(raw).not.toMatch(/ya29\.|1\/\/fake-refresh|token"/);

      const { Integration } = await import('@app/ingestion');
      const stored = await api.app.get(EntityManager).fork().findOneOrFail(Integration, { userId: owner.user.id });
      expect(stored.encryptedRefreshToken).toMatch(/^v1\./);
      expect(stored.encryptedRefreshToken).not.toContain('fake-refresh');
      expect(stored.encryptedAccessToken).toMatch(/^v1\./);

      expect((await api.http.get('/api/v1/integrations').set(bob.auth).expect(200)).body.items).toEqual([]);
    });

    it('sends the browser back to the return_to path it connected from (the dashboard), and refuses one off this site', async () => {
      const user = await stack.user();
      const cookiesOf = (res: { headers: Record<string, unknown> }) =>
        ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).filter((c) => /^scriptorium_google_(state|return)=[^;]/.test(c)).map((c) => c.split(';')[0]!);
      const connect = await api.http.get('/api/v1/integrations/google/connect?return_to=/integrations').set(user.auth).expect(302);
      const state = new URL(connect.headers.location as string).searchParams.get('state')!;
      const cookies = cookiesOf(connect);
      expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['scriptorium_google_return', 'scriptorium_google_state']);
      const callback = await api.http
        .get(`/api/v1/integrations/google/callback?code=${encodeURIComponent(FAKE_GOOGLE_AUTH_CODE)}&state=${state}`)
        .set(user.auth)
        .set('Cookie', cookies.join('; '))
        .expect(302);
      expect(callback.headers.location).toBe('/integrations');
      expect((await api.http.get('/api/v1/integrations').set(user.auth).expect(200)).body.items).toHaveLength(1);

      for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'integrations', `/${'a'.repeat(300)}`]) {
        const res = await api.http.get('/api/v1/integrations/google/connect').query({ return_to: bad }).set(user.auth).expect(400);
        expect(res.body.errors[0].field).toBe('return_to');
      }
      const repeated = await api.http.get('/api/v1/integrations/google/connect?return_to=/a&return_to=/b').set(user.auth).expect(400);
      expect(repeated.body.errors[0].field).toBe('return_to');
    });

    it('imports a folder across list pages: documents for each readable file, one bad file failing alone', async () => {
      google.requests.length = 0;
      const output = await importFolder({ folder_url: `https://drive.google.com/drive/folders/${F.root}?usp=sharing` });
      const byId = new Map(output.files.map((file) => [file.drive_file_id, file]));
      expect([...byId.keys()].sort()).toEqual([F.docWelcome, F.docPlainOnly, F.slides, F.sheet, F.pdf, F.form].sort());
      for (const id of [F.docWelcome, F.docPlainOnly, F.slides, F.sheet]) expect(byId.get(id)).toMatchObject({ status: 'created' });
      expect(byId.get(F.form)).toMatchObject({ status: 'failed', error: { code: 'drive_export_unsupported' } });
      expect(byId.get(F.pdf)).toMatchObject({ status: 'failed' });
      expect(output).toMatchObject({ created: 4, failed: 2, skipped: 0, updated: 0 });
      const pages = google.requests.filter((r) => r.path === '/drive/v3/files');
      expect(pages.length).toBe(3);
      expect(pages[1]!.query.pageToken).toBeDefined();

      const documents = await driveDocuments();
      expect(documents).toHaveLength(4);
      const welcome = await api.http.get(`/api/v1/documents/${byId.get(F.docWelcome)!.document_id}`).set(owner.auth).expect(200);
      expect(welcome.body).toMatchObject({ source_type: 'drive', source_ref: F.docWelcome, title: 'Welcome', version: 1 });
      expect(welcome.body.text).toContain('this is our plan');
      expect(welcome.body.metadata).toMatchObject({ modified_time: '2026-11-02T09:30:00.000Z', drive: { file_id: F.docWelcome, exported_as: 'text/markdown' } });
      const memo = await api.http.get(`/api/v1/documents/${byId.get(F.docPlainOnly)!.document_id}`).set(owner.auth).expect(200);
      expect(memo.body).toMatchObject({ title: 'Legacy memo' });
      expect(memo.body.text).toContain('Legacy memo body.');
    });

    it('re-importing skips unchanged files, and a changed file updates its document to version 2', async () => {
      const again = await importFolder({ folder_id: F.root });
      expect(again).toMatchObject({ created: 0, updated: 0, skipped: 4 });
      expect(await driveDocuments()).toHaveLength(4);

      const revised = 'The revised plan: ship on Friday, open the stall at eight, and keep two loaves of every kind back for the regulars who come late.';
      google.modifyFile(F.docWelcome, { exports: { 'text/markdown': `# Welcome\n\n${revised}\n`, 'text/plain': `Welcome\n\n${revised}\n` } });
      const changed = await importFolder({ folder_id: F.root });
      expect(changed).toMatchObject({ created: 0, updated: 1, skipped: 3 });
      const documents = await driveDocuments();
      expect(documents).toHaveLength(4);
      const welcome = documents.find((d) => d.source_ref === F.docWelcome)!;
      const fetched = await api.http.get(`/api/v1/documents/${welcome.id}`).set(owner.auth).expect(200);
      expect(fetched.body).toMatchObject({ version: 2 });
      expect(fetched.body.text).toContain('ship on Friday');
      expect(fetched.headers.etag).toBe('"2"');
    });

    it('walks subfolders when recursive is true, through a folder cycle', async () => {
      const output = await importFolder({ folder_id: F.root, recursive: true });
      const created = output.files.filter((file) => file.status === 'created').map((file) => file.drive_file_id).sort();
      expect(created).toEqual([F.notesTxt, F.readme].sort());
      expect(await driveDocuments()).toHaveLength(6);
    });

    it('refreshes an expired access token with the stored refresh token and stores the new one', async () => {
      const { Integration } = await import('@app/ingestion');
      const before = await api.app.get(EntityManager).fork().findOneOrFail(Integration, { userId: owner.user.id });
      google.expireAccessTokens();
      google.requests.length = 0;
      const output = await importFolder({ folder_id: F.root });
      expect(output.skipped).toBe(4);
      expect(google.requests.some((r) => r.path === '/token' && r.form?.grant_type === 'refresh_token')).toBe(true);
      const after = await api.app.get(EntityManager).fork().findOneOrFail(Integration, { userId: owner.user.id });
      expect(after.encryptedAccessToken).not.toBe(before.encryptedAccessToken);
      expect(after.encryptedRefreshToken).toBe(before.encryptedRefreshToken);
    });

    describe('a folder with an image', () => {
      const outcome = (output: { files: DriveFileOutcome[] }, id: string) => output.files.find((file) => file.drive_file_id === id)!;

      async function mediaNamed(name: string) {
        const res = await api.http.get('/api/v1/media?limit=100').set(owner.auth).expect(200);
        return (res.body.items as { id: string; original_name: string | null; width: number | null }[]).filter((item) => item.original_name === name);
      }

      it('imports each file once when two imports of the folder run at once: the later one reports it skipped', async () => {
        // Every download waits until both jobs ask for it, so both have checked for an earlier import first.
        google.gateContent(2);
        let outputs: { files: DriveFileOutcome[] }[];
        try {
          const started = await Promise.all([0, 1].map(() => api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.album }).expect(202)));
          outputs = (await Promise.all(started.map((res) => jobOf(owner, res.body.job_id, 'succeeded')))).map((job) => job.output);
        } finally {
          google.gateContent(1);
        }
        for (const id of [F.photo, F.recipe]) {
          const [first, second] = outputs.map((output) => outcome(output, id));
          expect([first!.status, second!.status].sort()).toEqual(['created', 'skipped']);
          expect(first!.document_id ?? first!.media_id).toBeDefined();
          expect(second!.document_id ?? second!.media_id).toBe(first!.document_id ?? first!.media_id);
        }
        const recipes = (await driveDocuments()).filter((document) => document.source_ref === F.recipe);
        expect(recipes).toHaveLength(1);
        expect(await mediaNamed('loaf.png')).toHaveLength(1);

        // A file of two words fails alone, saying what was found.
        for (const output of outputs) {
          expect(outcome(output, F.caption)).toMatchObject({
            status: 'failed',
            error: { code: 'too_little_text', message: expect.stringMatching(/^caption\.txt: found 2 words; at least 20 are needed/) },
          });
        }
      });

      it('skips an image already imported on the next run, and replaces it in place once it changes', async () => {
        const [before] = await mediaNamed('loaf.png');
        const again = await importFolder({ folder_id: F.album });
        expect(outcome(again, F.photo)).toMatchObject({ status: 'skipped', media_id: before!.id });
        expect(outcome(again, F.recipe)).toMatchObject({ status: 'skipped' });
        expect(await mediaNamed('loaf.png')).toHaveLength(1);

        const { fakePng } = await import('./fakes/google.fake.js');
        google.modifyFile(F.photo, { content: await fakePng(320, 240, { r: 40, g: 90, b: 160 }) });
        const changed = await importFolder({ folder_id: F.album });
        expect(outcome(changed, F.photo)).toMatchObject({ status: 'updated', media_id: before!.id });
        const after = await mediaNamed('loaf.png');
        expect(after).toEqual([expect.objectContaining({ id: before!.id, width: 320 })]);
        expect(before!.width).toBe(640);
        await api.http.get(`/api/v1/media/${before!.id}/original`).set(owner.auth).expect(200);
      });
    });

    it('answers 400 naming the field for a bad folder link or both fields', async () => {
      expect((await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_url: 'https://example.com/drive/folders/abc' }).expect(400)).body.errors[0].field).toBe('folder_url');
      expect((await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.root, folder_url: `https://drive.google.com/drive/folders/${F.root}` }).expect(400)).body.errors[0].field).toBe('folder_url');
      expect((await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.root, recursive: 'yes' }).expect(400)).body.errors[0].field).toBe('recursive');
      await api.http.post('/api/v1/documents/drive').send({ folder_id: F.root }).expect(401);
    });

    it('does not show the Drive import job to another user', async () => {
      const res = await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.root }).expect(202);
      await api.http.get(`/api/v1/jobs/${res.body.job_id}`).set(bob.auth).expect(404);
      await jobOf(owner, res.body.job_id, 'succeeded');
      await api.http.post('/api/v1/documents/drive').set(bob.auth).send({ folder_id: F.root }).expect(409);
    });

    it('disconnects with 204 (404 the second time); a Drive import is then 409', async () => {
      await api.http.delete('/api/v1/integrations/google').set(owner.auth).expect(204);
      await api.http.delete('/api/v1/integrations/google').set(owner.auth).expect(404);
      expect((await api.http.get('/api/v1/integrations').set(owner.auth).expect(200)).body.items).toEqual([]);
      const res = await api.http.post('/api/v1/documents/drive').set(owner.auth).send({ folder_id: F.root }).expect(409);
      expect(res.body.type).toMatch(/drive_not_connected$/);
    });
  });
});
