import type { SeededUser } from './support/accounts.js';
import { FAKE_YOUTUBE_VIDEOS as V } from './fakes/youtube.fake.js';
import { expectQualityPost } from './support/pipeline.suite.js';
import { useStack } from './support/use-stack.js';

describe('generate_blog from a YouTube link: the transcript first, then the post', () => {
  const stack = useStack({
    worker: true,
    fakes: { youtube: true },
    env: { JOB_ATTEMPTS: '1', LLM_PROVIDER: '', OPENAI_API_KEY: '', TRANSCRIBE_API_KEY: '' },
  });
  const { api } = stack;
  const { youtube } = stack.fakes;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
  });

  /** Starts generate_blog from the video's watch link and waits for the job to fail. */
  async function failedRunFrom(videoId: string) {
    const res = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ youtube_url: `https://www.youtube.com/watch?v=${videoId}` }).expect(202);
    return stack.job(alice, res.body.job_id, 'failed', 30_000);
  }

  it('imports the captions as a document, names it on the job, and writes a post from it', async () => {
    const captionRequestsBefore = youtube.requests.filter((r) => r.path.includes('timedtext')).length;
    const res = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ youtube_url: `https://youtu.be/${V.fullTalk}?t=10`, options: { chapters_count: 4, length: 600, language: 'en' } })
      .expect(202);
    // The document does not exist yet: the job makes it.
    expect(res.body).toMatchObject({ type: 'generate_blog', status: 'queued', document_id: null });

    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);
    const steps = (job.steps as { name: string; status: string }[]).map((step) => step.name);
    expect(steps).toEqual(expect.arrayContaining(['captions', 'document', 'outline', 'seo', 'compose', 'persist']));
    expect(steps).not.toContain('audio');
    expect(steps.indexOf('document')).toBeLessThan(steps.indexOf('outline'));
    expect(job.document_id).toEqual(expect.any(String));
    expect(job.output.document_id).toBe(job.document_id);
    expect(youtube.requests.filter((r) => r.path.includes('timedtext')).length).toBeGreaterThan(captionRequestsBefore);

    const document = await api.http.get(`/api/v1/documents/${job.document_id}`).set(alice.auth).expect(200);
    expect(document.body).toMatchObject({ source_type: 'youtube', source_ref: V.fullTalk, title: 'Sourdough from starter to slice', lang: 'en' });
    expect(document.body.text).toContain('sourdough starter');

    const post = await api.http.get(`/api/v1/posts/${job.output.post_id}`).set(alice.auth).expect(200);
    expect(post.body).toMatchObject({ document_id: job.document_id, job_id: res.body.job_id });
    expect(post.body.chapters).toHaveLength(4);
    expectQualityPost(post.body, 4, 600);
  });

  it('fails the job with captions_disabled before any document or model step when the video has no captions and no transcription provider', async () => {
    const job = await failedRunFrom(V.captionsDisabled);
    expect(job.error).toMatchObject({ code: 'captions_disabled', message: expect.stringContaining('upload the video file or a captions file') });
    expect(job.document_id).toBeNull();
    expect((job.steps as { name: string }[]).map((step) => step.name)).toEqual(['captions']);
  });

  it('ends the job failed with YouTube\'s own code for a private video', async () => {
    const job = await failedRunFrom(V.privateVideo);
    expect(job.error).toMatchObject({ code: 'video_unavailable', message: expect.stringContaining('This video is private') });
    expect(job.document_id).toBeNull();
  });

  it('answers 400 naming youtube_url for a link that is not a YouTube video, and for two sources at once', async () => {
    const notYouTube = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ youtube_url: 'https://vimeo.com/123456' }).expect(400);
    expect(notYouTube.body.errors).toEqual([expect.objectContaining({ field: 'youtube_url' })]);
    const both = await api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: 'Some text about bread.', youtube_url: `https://youtu.be/${V.fullTalk}` })
      .expect(400);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['youtube_url']);
    const long = await api.http.post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ youtube_url: `https://youtu.be/${'x'.repeat(2100)}` }).expect(400);
    expect(long.body.errors[0].field).toBe('youtube_url');
  });

  it('answers 401 without credentials', async () => {
    await api.http.post('/api/v1/pipelines/generate_blog').send({ youtube_url: `https://youtu.be/${V.fullTalk}` }).expect(401);
  });
});
