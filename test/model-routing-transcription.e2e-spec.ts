import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { FakeOpenAiAudio, spokenParagraph } from './fakes/openai-audio.fake.js';
import { useStack } from './support/use-stack.js';

/** MODEL_ROUTES' transcription route: the audio goes to that provider, with its key and model, and is priced by it. */
describe('transcription routed to a named provider', () => {
  const whisperer = new FakeOpenAiAudio({ apiKey: 'sk-whisperer' });
  beforeAll(async () => {
    await whisperer.start();
  });
  afterAll(async () => {
    await whisperer.close();
  });

  const stack = useStack({
    worker: true,
    env: () => ({
      OPENAI_API_KEY: '',
      LLM_PROVIDER: 'extractive',
      JOB_ATTEMPTS: '1',
      MODEL_PROVIDERS: JSON.stringify({
        whisperer: { base_url: `${whisperer.url}/v1`, api_key: 'sk-whisperer', prices: { 'whisper-large-v3': { per_minute: 0.1 } } },
      }),
      MODEL_ROUTES: 'transcription=whisperer:whisper-large-v3',
    }),
  });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'routing-transcription-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the audio to the routed provider and records its usage under that provider and price', async () => {
    const alice = await stack.user();
    whisperer.respondWith(spokenParagraph);
    const wav = join(dir, 'talk.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-ac', '1', '-ar', '16000', wav]);
    const res = await stack.api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', readFileSync(wav), 'talk.wav').expect(202);
    await stack.job(alice, res.body.job_id, 'succeeded', 60_000);

    expect(whisperer.requests.length).toBeGreaterThan(0);
    // The fake answers 401 to any other key, so a transcribed job means the provider's key was sent.
    for (const request of whisperer.requests) expect(request).toMatchObject({ model: 'whisper-large-v3' });
    const [usage, ...more] = await stack.sql<{ provider: string; model: string; duration_s: number; cost_micros: string }>(
      "select provider, model, duration_s, cost_micros from usage_events where job_id = ? and event_type = 'transcribe'",
      [res.body.job_id],
    );
    expect(more).toEqual([]);
    expect(usage).toMatchObject({ provider: 'whisperer', model: 'whisper-large-v3' });
    expect(Number(usage!.cost_micros)).toBe(Math.round((usage!.duration_s / 60) * 0.1 * 1_000_000));
  });
});
