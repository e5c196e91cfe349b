import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { Logger } from '@nestjs/common';
import { startFakeOpenAiAudio, type FakeOpenAiAudio } from '../../../../test/fakes/openai-audio.fake.js';
import { LocalFileStorage } from '../storage/local-file.storage.js';
import { storageConfig } from '../storage/storage.config.js';
import { AudioSegmenter } from './audio.segmenter.js';
import { Transcriber } from './transcriber.js';
import {
  TRANSCRIPTION_UNAVAILABLE_MESSAGE,
  TranscriptionAvailability,
} from './transcription-availability.js';
import { TranscriptionError } from './transcription.error.js';
import type { TranscriptionOptions } from './transcription.options.js';

const run = promisify(execFile);

describe('Transcriber', () => {
  let dir: string;
  let temp: string;
  let tone: string;
  let fake: FakeOpenAiAudio;
  let segmenter: AudioSegmenter;

  const transcriber = (options: Partial<TranscriptionOptions> = {}) =>
    new Transcriber({ apiKey: fake.apiKey, baseURL: `${fake.url}/v1`, model: 'whisper-1', ...options }, segmenter);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await mkdtemp(join(tmpdir(), 'scriptorium-transcriber-'));
    tone = join(dir, 'tone.wav');
    await run(ffmpegInstaller.path, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', tone]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fake = await startFakeOpenAiAudio();
    temp = await mkdtemp(join(dir, 'work-'));
    const storage = new LocalFileStorage(storageConfig.from({ STORAGE_DIR: join(dir, 'storage') }));
    segmenter = new AudioSegmenter(storage, { tempDir: temp });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('sends each segment as verbose_json and stitches the answers onto the source timeline', async () => {
    const transcript = await transcriber().transcribe({ path: tone }, { segmentSeconds: 3 });

    expect(fake.requests).toHaveLength(2);
    for (const request of fake.requests) {
      expect(request).toMatchObject({ model: 'whisper-1', response_format: 'verbose_json', file_mime: 'audio/mpeg', status: 200 });
      expect(request.file_bytes).toBeGreaterThan(1000);
    }
    expect(fake.requests.map((request) => request.file_name).sort()).toEqual(['segment-00000.mp3', 'segment-00001.mp3']);

    expect(transcript.text).toBe(
      'Words heard in segment-00000.mp3. And a few more. Words heard in segment-00001.mp3. And a few more.',
    );
    expect(transcript.segments.map((segment) => segment.text)).toEqual([
      'Words heard in segment-00000.mp3.',
      'And a few more.',
      'Words heard in segment-00001.mp3.',
      'And a few more.',
    ]);
    const starts = transcript.segments.map((segment) => segment.start_s);
    expect(starts[0]).toBe(0);
    expect(starts[1]).toBeCloseTo(1.2, 3);
    // The second piece starts where ffmpeg cut (3 s, rounded to a whole mp3 frame).
    expect(starts[2]).toBeGreaterThanOrEqual(3);
    expect(starts[2]).toBeLessThan(3.1);
    expect(starts[3]).toBeCloseTo(starts[2]! + 1.2, 3);
    expect(transcript.segments.map((segment) => segment.dur_s)).toEqual([1.2, 0.8, 1.2, 0.8]);
    expect(transcript.lang).toBe('en');
    expect(transcript.duration_s).toBeCloseTo(5, 1);
    expect(transcript.model).toBe('whisper-1');
    expect(await readdir(temp)).toEqual([]);
  });

  it('sends at most two segments at once', async () => {
    fake.setLatency(300);
    const transcript = await transcriber().transcribe({ path: tone }, { segmentSeconds: 1 });

    expect(fake.requests.length).toBeGreaterThanOrEqual(5);
    expect(fake.maxConcurrent).toBe(2);
    const firstOfEach = transcript.segments.filter((segment) => segment.text.startsWith('Words heard'));
    expect(firstOfEach.map((segment) => segment.text)).toEqual(
      fake.requests.map((_, index) => `Words heard in segment-${String(index).padStart(5, '0')}.mp3.`),
    );
  });

  it('turns the language name of the answer into an ISO code and passes a language hint through', async () => {
    fake.respondWith(() => ({ language: 'german', duration: 4.9, segments: [{ start: 0.5, end: 4.9, text: ' Guten Tag.' }] }));

    const transcript = await transcriber().transcribe({ path: tone }, { language: 'de' });

    expect(fake.requests[0]!.language).toBe('de');
    expect(transcript).toMatchObject({ text: 'Guten Tag.', lang: 'de', segments: [{ start_s: 0.5, dur_s: 4.4, text: 'Guten Tag.' }] });
  });

  it('succeeds when the server fails once with 500 (the SDK retries)', async () => {
    fake.failNext(500);

    const transcript = await transcriber().transcribe({ path: tone });

    expect(fake.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(transcript.text).toBe('Words heard in segment-00000.mp3. And a few more.');
  });

  it('waits for Retry-After when rate limited, then succeeds', async () => {
    fake.failNext(429, { retryAfterSeconds: 1 });
    const started = performance.now();

    await transcriber().transcribe({ path: tone });

    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('reports a retryable transcription_failed once the retries are spent', async () => {
    fake.failNext(500);
    fake.failNext(503);

    const attempt = transcriber({ maxRetries: 1 }).transcribe({ path: tone });

    await expect(attempt).rejects.toBeInstanceOf(TranscriptionError);
    await expect(attempt).rejects.toMatchObject({ code: 'transcription_failed', retryable: true });
    expect(fake.requests.map((request) => request.status)).toEqual([500, 503]);
    expect(await readdir(temp)).toEqual([]);
  });

  it('reports a refused API key as transcription_auth_failed, not retryable', async () => {
    await expect(transcriber({ apiKey: 'sk-wrong' }).transcribe({ path: tone })).rejects.toMatchObject({
      code: 'transcription_auth_failed',
      retryable: false,
    });
  });

  it('refuses to start without an API key, with the message telling what to set', async () => {
    const attempt = transcriber({ apiKey: undefined }).transcribe({ path: tone });

    await expect(attempt).rejects.toMatchObject({
      code: 'transcription_unavailable',
      message: TRANSCRIPTION_UNAVAILABLE_MESSAGE,
      retryable: false,
    });
    expect(fake.requests).toEqual([]);
    expect(await readdir(temp)).toEqual([]);
  });
});

describe('TranscriptionAvailability', () => {
  it('is unavailable without an API key or without a base URL', () => {
    const unavailable = {
      status: 'unavailable',
      message:
        'Set OPENAI_API_KEY (and OPENAI_BASE_URL for Groq or a local Whisper server) to transcribe audio and video.',
    };
    expect(new TranscriptionAvailability({ baseURL: 'https://api.openai.com/v1', model: 'whisper-1' }).check()).toEqual(unavailable);
    expect(new TranscriptionAvailability({ apiKey: '  ', baseURL: 'https://api.openai.com/v1', model: 'whisper-1' }).check()).toEqual(
      unavailable,
    );
    expect(new TranscriptionAvailability({ apiKey: 'sk-1', baseURL: '', model: 'whisper-1' }).check()).toEqual(unavailable);
  });

  it('is available with both, naming the model', () => {
    const availability = new TranscriptionAvailability({
      apiKey: 'gsk-1',
      baseURL: 'https://api.groq.com/openai/v1',
      model: 'whisper-large-v3-turbo',
    });
    expect(availability.check()).toEqual({ status: 'available', model: 'whisper-large-v3-turbo' });
  });
});
