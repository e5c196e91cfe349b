import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { STORAGE, withLocalPath, type FileInput, type FileStorage } from '../storage/file-storage.js';
import { TranscriptionError } from './transcription.error.js';

export const AUDIO_SEGMENTER_OPTIONS = Symbol('AUDIO_SEGMENTER_OPTIONS');

export type SegmentFormat = 'mp3' | 'ogg';

export interface AudioSegmenterOptions {
  /** Length of each piece; 600 s of 16 kHz mono mp3 is about 2.4 MB, far below OpenAI's 25 MB. */
  segmentSeconds?: number;
  format?: SegmentFormat;
  /** ffmpeg is killed after this long (whole file). */
  timeoutMs?: number;
  ffmpegPath?: string;
  /** Where the per-call temp directories are made; the OS temp directory by default. */
  tempDir?: string;
}

export interface AudioSegment {
  index: number;
  path: string;
  /** Offset of the segment in the source, in seconds. */
  start_s: number;
  dur_s: number;
  bytes: number;
  mime: string;
}

export interface SegmentedAudio {
  duration_s: number;
  segments: AudioSegment[];
}

export const DEFAULT_SEGMENT_SECONDS = 600;
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
/** How much of ffmpeg's stderr is kept: the input description comes first, the errors last. */
const STDERR_HEAD_BYTES = 64 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;

const ENCODERS: Record<SegmentFormat, { args: string[]; mime: string }> = {
  mp3: { args: ['-c:a', 'libmp3lame', '-b:a', '32k'], mime: 'audio/mpeg' },
  ogg: { args: ['-c:a', 'libopus', '-b:a', '24k'], mime: 'audio/ogg' },
};

/**
 * Extracts the first audio stream of any audio or video file as 16 kHz mono and cuts it into
 * segments small enough for a transcription API. Segments live in a temp directory that exists
 * only while `use` runs.
 */
@Injectable()
export class AudioSegmenter {
  private readonly segmentSeconds: number;
  private readonly format: SegmentFormat;
  private readonly timeoutMs: number;
  private readonly ffmpegPath: string;
  private readonly tempDir: string;

  constructor(
    @Inject(STORAGE) private readonly storage: FileStorage,
    @Optional() @Inject(AUDIO_SEGMENTER_OPTIONS) options: AudioSegmenterOptions = {},
  ) {
    this.segmentSeconds = options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
    this.format = options.format ?? 'mp3';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ffmpegPath = options.ffmpegPath ?? ffmpegInstaller.path;
    this.tempDir = options.tempDir ?? tmpdir();
  }

  async withSegments<T>(
    input: FileInput,
    use: (audio: SegmentedAudio) => Promise<T>,
    options: { segmentSeconds?: number } = {},
  ): Promise<T> {
    return withLocalPath(this.storage, input, (source) => this.segmented(source, use, options));
  }

  private async segmented<T>(source: string, use: (audio: SegmentedAudio) => Promise<T>, options: { segmentSeconds?: number }): Promise<T> {
    const segmentSeconds = options.segmentSeconds ?? this.segmentSeconds;
    if (!(segmentSeconds > 0)) throw new RangeError('segmentSeconds must be positive');
    const dir = await mkdtemp(join(this.tempDir, 'scriptorium-audio-'));
    try {
      const audio = await this.split(source, dir, segmentSeconds);
      return await use(audio);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async split(source: string, dir: string, segmentSeconds: number): Promise<SegmentedAudio> {
    const { args: encoder, mime } = ENCODERS[this.format];
    const list = join(dir, 'segments.csv');
    const { code, stderr } = await this.ffmpeg([
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-i',
      source,
      '-map',
      '0:a:0',
      '-vn',
      '-sn',
      '-dn',
      '-map_metadata',
      '-1',
      '-ac',
      '1',
      '-ar',
      '16000',
      ...encoder,
      '-f',
      'segment',
      '-segment_time',
      String(segmentSeconds),
      '-reset_timestamps',
      '1',
      '-segment_list',
      list,
      '-segment_list_type',
      'csv',
      join(dir, `segment-%05d.${this.format}`),
    ]);

    const input = describeInput(stderr);
    if (code !== 0) {
      if (input.opened && !input.hasAudio) throw noAudio();
      throw corrupt();
    }
    if (/partial file|moov atom not found/i.test(stderr)) throw corrupt();

    const segments = await this.readList(list, dir, mime);
    const decoded = segments.length > 0 ? segments[segments.length - 1]!.start_s + segments[segments.length - 1]!.dur_s : 0;
    if (decoded <= 0) throw corrupt();
    // A truncated file often decodes "successfully", just shorter than its header says.
    const declared = input.durationS;
    if (declared !== undefined && !input.durationEstimated && decoded < declared - Math.max(2, declared * 0.05)) {
      throw corrupt();
    }
    return { duration_s: round(declared ?? decoded), segments };
  }

  private async readList(list: string, dir: string, mime: string): Promise<AudioSegment[]> {
    const csv = await readFile(list, 'utf8').catch(() => '');
    const rows = csv.split('\n').filter((line) => line.trim() !== '');
    return Promise.all(
      rows.map(async (row, index) => {
        const [file, start, end] = row.split(',');
        const path = join(dir, file!);
        const startS = Number(start);
        return {
          index,
          path,
          start_s: round(startS),
          dur_s: round(Number(end) - startS),
          bytes: (await stat(path)).size,
          mime,
        };
      }),
    );
  }

  private ffmpeg(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpegPath, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: this.timeoutMs,
        killSignal: 'SIGKILL',
      });
      let head = '';
      let tail = '';
      // A broken pipe to ffmpeg's stderr must not end the process; 'close' still settles the run.
      child.stderr.on('error', () => undefined);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (head.length < STDERR_HEAD_BYTES) head += chunk;
        else tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
      });
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (signal === 'SIGKILL') {
          reject(new TranscriptionError('media_corrupt', 'Extracting the audio took too long.', false));
          return;
        }
        resolve({ code, stderr: head + tail });
      });
    });
  }
}

interface InputDescription {
  opened: boolean;
  hasAudio: boolean;
  durationS?: number;
  durationEstimated: boolean;
}

/** Reads ffmpeg's description of the input ("Input #0 …", "Duration: …", "Stream #0:1: Audio: …"). */
export function describeInput(stderr: string): InputDescription {
  const duration = /^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/m.exec(stderr);
  return {
    opened: /^Input #0,/m.test(stderr),
    hasAudio: /^\s*Stream #0:\d+.*?: Audio:/m.test(stderr),
    durationS: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
    durationEstimated: /Estimating duration from bitrate/.test(stderr),
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function corrupt(): TranscriptionError {
  return new TranscriptionError('media_corrupt', 'The file could not be decoded; it may be truncated or damaged.');
}

function noAudio(): TranscriptionError {
  return new TranscriptionError('no_audio', 'The file has no audio track to transcribe.');
}
