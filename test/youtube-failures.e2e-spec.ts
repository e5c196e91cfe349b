import type { SeededUser } from './support/accounts.js';
import { FAKE_YOUTUBE_VIDEOS as V } from './fakes/youtube.fake.js';
import { useStack } from './support/use-stack.js';

/**
 * Each way YouTube refuses a video ends the ingest_youtube job with its own code and a message that
 * says what to do; only an address block (which may clear) is tried again, with backoff.
 */
describe('YouTube refusals: one code each, retried only when retrying can help', () => {
  const stack = useStack({
    worker: true,
    fakes: { youtube: true },
    env: { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100', OPENAI_API_KEY: '', TRANSCRIBE_API_KEY: '' },
  });
  const { api } = stack;
  const { youtube } = stack.fakes;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
  });

  const playerRequests = (videoId: string) =>
    youtube.requests.filter((r) => r.path === '/youtubei/v1/player' && (r.body as { videoId?: string } | undefined)?.videoId === videoId).length;

  async function failedImport(videoId: string) {
    const res = await api.http.post('/api/v1/documents/youtube').set(alice.auth).send({ video_id: videoId }).expect(202);
    return stack.job(alice, res.body.job_id, 'failed', 30_000);
  }

  it.each([
    ['a bot check ("Sign in to confirm you’re not a bot")', V.botCheck, 'youtube_login_required', /not a bot.*retrying will not help: upload the video file or a captions file/],
    ['an empty player answer (proof-of-origin token wanted)', V.poTokenPlayer, 'youtube_login_required', /proof-of-origin token/],
    ['an empty caption document (proof-of-origin token wanted)', V.poTokenCaptions, 'youtube_login_required', /empty caption document/],
    ['an age check', V.ageRestricted, 'age_restricted', /age-restricted.*upload the video file/],
    ['an age verification status', V.ageVerification, 'age_restricted', /age-restricted/],
    ['a private video', V.privateVideo, 'video_unavailable', /private.*owner makes it public or unlisted/],
    ['a removed video', V.removedVideo, 'video_unavailable', /removed by the uploader/],
    ['a live stream going on', V.liveNow, 'live_not_supported', /has not finished; import it once the stream has ended/],
    ['a scheduled live stream', V.liveUpcoming, 'live_not_supported', /has not started yet/],
    ['captions turned off, no transcription configured', V.captionsDisabled, 'captions_disabled', /turned them off.*upload the video file or a captions file/],
  ])('fails at once for %s', async (_case, videoId, code, message) => {
    const job = await failedImport(videoId);
    expect(job.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(job.error.message).not.toContain('YOUTUBE_PROXY_URL');
    expect(job.attempts).toBe(1);
    expect(playerRequests(videoId)).toBe(1);
  });

  it.each([
    ['a 429 from the player', V.rateLimited],
    ['a redirect to the /sorry/ captcha page', V.sorryRedirect],
  ])('retries %s with backoff, then fails blocked naming YOUTUBE_PROXY_URL', async (_case, videoId) => {
    const job = await failedImport(videoId);
    expect(job.error).toMatchObject({ code: 'blocked', message: expect.stringMatching(/tries again with backoff.*YOUTUBE_PROXY_URL/) });
    expect(job.attempts).toBe(3);
    expect(playerRequests(videoId)).toBe(3);
  });
});
