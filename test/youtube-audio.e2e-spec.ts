import type { SeededUser } from './support/accounts.js';
import { spokenParagraph } from './fakes/openai-audio.fake.js';
import { FAKE_YOUTUBE_VIDEOS as V } from './fakes/youtube.fake.js';
import { useStack } from './support/use-stack.js';

/** A video without captions, a transcription provider configured: audio stream → ffmpeg → transcription API → document. */
describe('YouTube audio fallback for videos without captions', () => {
  const stack = useStack({
    worker: true,
    fakes: { youtube: true, openaiAudio: true },
    env: { JOB_ATTEMPTS: '1', OPENAI_API_KEY: 'chat-key-unused', LLM_PROVIDER: 'extractive' },
  });
  const { api } = stack;
  const { youtube, openaiAudio: audio } = stack.fakes;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
  });

  it('transcribes the audio stream into a done document with caption_source transcribed and one whisper usage event, and says so', async () => {
    audio.respondWith(spokenParagraph);
    const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ url: `https://youtu.be/${V.captionsDisabled}` }).expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);
    expect(job.output).toMatchObject({
      video_id: V.captionsDisabled,
      caption_source: 'transcribed',
      transcription_status: 'done',
      transcription_message: expect.stringMatching(/no captions \(its uploader turned them off\), so its audio was transcribed instead/),
    });

    const document = await api.http.get(`/api/v1/documents/${job.output.document_id}`).set(alice.auth).expect(200);
    expect(document.body).toMatchObject({
      source_type: 'youtube',
      source_ref: V.captionsDisabled,
      title: 'Silent timelapse of rising dough',
      transcription_status: 'done',
      lang: 'en',
    });
    expect(document.body.text).toContain('Words heard in');
    expect(document.body.duration_s).toBeGreaterThan(0);
    expect(document.body.metadata).toMatchObject({
      caption_source: 'transcribed',
      caption_track: null,
      transcription_message: job.output.transcription_message,
      channel: 'Crumb & Crust Kitchen',
      video_id: V.captionsDisabled,
    });
    expect(document.body.metadata.segments.length).toBeGreaterThan(0);

    // The smallest plain-url audio format was fetched; the ciphered one was skipped.
    const playback = youtube.requests.filter((r) => r.path === '/videoplayback');
    expect(playback.map((r) => r.query.itag)).toEqual(['599']);
    expect(audio.requests.length).toBeGreaterThan(0);

    const { MikroORM } = await import('@mikro-orm/postgresql');
    const usage = await api.app.get(MikroORM).em.fork().getConnection().execute<{ event_type: string; engine: string; model: string; billable: boolean }[]>(
      'select event_type, engine, model, billable from usage_events where job_id = ?',
      [res.body.job_id],
    );
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ event_type: 'transcribe', engine: 'whisper', model: 'whisper-1', billable: true });
  });

  it('fails with too_little_text, writing no document, when the transcribed audio holds too few words', async () => {
    audio.respondWith(() => ({ language: 'english', duration: 3, segments: [{ start: 0, end: 3, text: ' Rise, dough, rise.' }] }));
    const { seedUser } = await import('./support/accounts.js');
    const owner = await seedUser(api.app);
    const res = await api.http.post('/api/v1/documents/youtube').set(owner.auth).send({ video_id: V.captionsDisabled }).expect(202);
    const job = await stack.job(owner, res.body.job_id, 'failed', 60_000);
    expect(job.error).toMatchObject({
      code: 'too_little_text',
      message: expect.stringMatching(new RegExp(`^The transcribed audio of YouTube video ${V.captionsDisabled}: found 3 words; at least 20 are needed`)),
    });
    expect((await api.http.get('/api/v1/documents').set(owner.auth).expect(200)).body.items).toEqual([]);
  });
});
