import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { LocalFileStorage } from '../storage/local-file.storage.js';
import { storageConfig } from '../storage/storage.config.js';
import { AudioSegmenter, describeInput, type SegmentedAudio } from './audio.segmenter.js';
import { TranscriptionError } from './transcription.error.js';

const run = promisify(execFile);

/** Runs ffmpeg and returns its stderr (ffmpeg describes streams there). */
async function ffmpeg(...args: string[]): Promise<string> {
  try {
    const { stderr } = await run(ffmpegInstaller.path, ['-hide_banner', '-nostdin', ...args]);
    return stderr;
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
}

describe('AudioSegmenter', () => {
  let dir: string;
  let temp: string;
  let storage: LocalFileStorage;
  let segmenter: AudioSegmenter;
  const media = (name: string) => join(dir, 'media', name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scriptorium-segmenter-'));
    await mkdir(join(dir, 'media'));
    const sine = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=5'];
    const video = ['-f', 'lavfi', '-i', 'testsrc=duration=5:size=160x120:rate=10'];
    await ffmpeg('-y', ...sine, media('tone.wav'));
    await ffmpeg('-y', ...video, ...sine, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', media('clip.mp4'));
    await ffmpeg('-y', '-i', media('clip.mp4'), '-c', 'copy', '-movflags', '+faststart', media('clip-faststart.mp4'));
    await ffmpeg('-y', ...video, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', media('silent.mp4'));
    const clip = await readFile(media('clip.mp4'));
    const faststart = await readFile(media('clip-faststart.mp4'));
    const tone = await readFile(media('tone.wav'));
    await writeFile(media('truncated.mp4'), clip.subarray(0, Math.floor(clip.length / 2)));
    await writeFile(media('truncated-faststart.mp4'), faststart.subarray(0, Math.floor(faststart.length / 2)));
    await writeFile(media('truncated.wav'), tone.subarray(0, Math.floor(tone.length / 2)));
    await writeFile(media('noise.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    temp = await mkdtemp(join(dir, 'work-'));
    storage = new LocalFileStorage(storageConfig.from({ STORAGE_DIR: join(dir, 'storage') }));
    segmenter = new AudioSegmenter(storage, { tempDir: temp });
  });

  it('cuts a 5 s WAV into 3 s mono 16 kHz mp3 segments with their offsets, and removes them afterwards', async () => {
    let seen: SegmentedAudio | undefined;
    const formats: string[] = [];
    await segmenter.withSegments(
      { path: media('tone.wav') },
      async (audio) => {
        seen = audio;
        for (const segment of audio.segments) {
          expect((await stat(segment.path)).size).toBe(segment.bytes);
          formats.push(/Audio: (\w+), (\d+) Hz, (\w+)/.exec(await ffmpeg('-i', segment.path))!.slice(1).join(' '));
        }
      },
      { segmentSeconds: 3 },
    );

    expect(seen!.duration_s).toBeCloseTo(5, 1);
    expect(seen!.segments).toHaveLength(2);
    const [first, second] = seen!.segments;
    expect(first).toMatchObject({ index: 0, start_s: 0, mime: 'audio/mpeg' });
    expect(first!.dur_s).toBeCloseTo(3, 1);
    expect(second!.index).toBe(1);
    expect(second!.start_s).toBeCloseTo(3, 1);
    expect(second!.start_s).toBe(first!.dur_s);
    expect(second!.start_s + second!.dur_s).toBeCloseTo(5, 0);
    expect(formats).toEqual(['mp3 16000 mono', 'mp3 16000 mono']);
    await expect(stat(dirname(first!.path))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(temp)).toEqual([]);
  });

  it('extracts the audio of a video stored under a storage key, in one segment by default', async () => {
    const { key } = await storage.put(Readable.from([await readFile(media('clip.mp4'))]));
    const audio = await segmenter.withSegments({ key }, async (result) => result);

    expect(audio.segments).toHaveLength(1);
    expect(audio.segments[0]!.start_s).toBe(0);
    expect(audio.duration_s).toBeCloseTo(5, 1);
    expect(audio.segments[0]!.bytes).toBeGreaterThan(5000);
  });

  it('writes ogg/opus segments when configured so', async () => {
    const opus = new AudioSegmenter(storage, { format: 'ogg', tempDir: temp });
    const description = await opus.withSegments({ path: media('clip.mp4') }, async (audio) => {
      expect(audio.segments[0]!.path).toMatch(/\.ogg$/);
      expect(audio.segments[0]!.mime).toBe('audio/ogg');
      return ffmpeg('-i', audio.segments[0]!.path);
    });
    expect(description).toMatch(/Audio: opus, 48000 Hz, mono/);
  });

  it.each([
    ['a truncated MP4 (index at the end, cut off)', 'truncated.mp4'],
    ['a truncated MP4 (index first, media data cut off)', 'truncated-faststart.mp4'],
    ['bytes that are no media at all', 'noise.bin'],
  ])('reports %s as media_corrupt and leaves no temp files', async (_label, name) => {
    let used = false;
    const attempt = segmenter.withSegments({ path: media(name) }, async () => {
      used = true;
    });

    await expect(attempt).rejects.toBeInstanceOf(TranscriptionError);
    await expect(attempt).rejects.toMatchObject({ code: 'media_corrupt', retryable: false });
    expect(used).toBe(false);
    expect(await readdir(temp)).toEqual([]);
  });

  it('keeps what there is of a truncated WAV: raw PCM has no index that could show the loss', async () => {
    const audio = await segmenter.withSegments({ path: media('truncated.wav') }, async (result) => result);
    expect(audio.duration_s).toBeGreaterThan(2);
    expect(audio.duration_s).toBeLessThan(3);
    expect(audio.segments).toHaveLength(1);
  });

  it('reports a video without an audio stream as no_audio', async () => {
    await expect(segmenter.withSegments({ path: media('silent.mp4') }, async () => undefined)).rejects.toMatchObject({
      code: 'no_audio',
    });
    expect(await readdir(temp)).toEqual([]);
  });

  it('removes the segments when the caller fails while using them', async () => {
    await expect(
      segmenter.withSegments({ path: media('tone.wav') }, async () => {
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    expect(await readdir(temp)).toEqual([]);
  });
});

describe('describeInput', () => {
  it("reads the duration and the streams from ffmpeg's description of the input", () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':",
      '  Metadata:',
      '    title           : Duration: 99:00:00 in a title',
      '  Duration: 01:02:03.50, start: 0.000000, bitrate: 101 kb/s',
      '    Stream #0:0(und): Video: h264 (High), yuv420p, 160x120',
      '    Stream #0:1(eng): Audio: aac (LC), 44100 Hz, stereo, fltp, 128 kb/s (default)',
    ].join('\n');
    expect(describeInput(stderr)).toEqual({ opened: true, hasAudio: true, durationS: 3723.5, durationEstimated: false });
  });

  it('knows a video-only input and an unknown duration', () => {
    const stderr = ["Input #0, matroska,webm, from 'x.webm':", '  Duration: N/A, start: 0.000000', '    Stream #0:0: Video: vp9'].join('\n');
    expect(describeInput(stderr)).toEqual({ opened: true, hasAudio: false, durationS: undefined, durationEstimated: false });
  });
});
