import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { JobContext } from '@app/shared';
import { DocumentsService } from '../../documents/documents.service.js';
import { TranscriptionAvailability } from '../../transcription/transcription-availability.js';
import type { Transcript } from '../../transcription/transcriber.js';
import { requireEnoughWords } from '../../documents/source-text.minimum.js';
import { YouTubeError } from './youtube.error.js';
import { UsageMeter } from '@app/billing';
import { PaidTranscriber } from '../../transcription/paid-transcriber.js';
import { YouTubeTranscriptClient, type YouTubeTranscript } from './youtube-transcript.client.js';

export interface IngestYouTubeInput {
  video_id: string;
  /** Preferred caption languages, best first; another language is taken when none of them exists. */
  langs?: string[];
}

/** What the captions step found: the transcript, or the video's facts when it has no captions. */
type Captions = { transcript: YouTubeTranscript } | { transcript: null; video: VideoFacts };

interface VideoFacts {
  title?: string;
  channel?: string;
  duration_s?: number;
}

/** What ingesting a video produced (the ingest_youtube job's output). */
export interface YouTubeIngestResult {
  video_id: string;
  document_id: string;
  document_ids: string[];
  lang: string | null;
  caption_source: string | null;
  transcription_status: string;
  /** Set when the text is not the video's captions: what was done instead (its audio was transcribed). */
  transcription_message?: string;
}

/** What the document says when the video's captions are off and its audio was transcribed instead. */
const TRANSCRIBED_INSTEAD = 'This video has no captions (its uploader turned them off), so its audio was transcribed instead.';

/**
 * Turns a YouTube video's captions into a document, as checkpointed steps of the calling job
 * (`captions`, `audio`, `document`), so the ingest_youtube job and a generate_blog job started
 * from a link share it. YouTube's failures (private video, bot check, no track …) end the job
 * failed with their stable code. A video whose captions are off is transcribed from its audio
 * stream when a transcription provider is configured (`caption_source: transcribed`, said in
 * `transcription_message`), and fails `captions_disabled` otherwise. Captions or a transcript
 * too short to write from fail `too_little_text`: no document is written that the pipeline
 * cannot use.
 */
@Injectable()
export class YouTubeIngester {
  constructor(
    private readonly youtube: YouTubeTranscriptClient,
    private readonly documents: DocumentsService,
    private readonly transcription: TranscriptionAvailability,
    private readonly usage: UsageMeter,
    private readonly paid: PaidTranscriber,
  ) {}

  async ingest(context: JobContext, input: IngestYouTubeInput): Promise<YouTubeIngestResult> {
    const videoId = input.video_id;
    const captions = await context.step('captions', async () => {
      const fetched = await this.fetchCaptions(videoId, input.langs ?? []);
      if (fetched.transcript) {
        requireEnoughWords(fetched.transcript.text, `The ${fetched.transcript.source === 'auto' ? 'automatic ' : ''}captions of YouTube video ${videoId}`);
        await this.usage.captions({ userId: context.job.userId, jobId: context.job.id }, { source: fetched.transcript.source, durationS: fetched.transcript.duration_s });
      }
      return fetched;
    });
    if (!captions.transcript) {
      const status = this.transcription.check();
      if (status.status !== 'available') throw captionsDisabled(videoId, status.message);
    }
    const audio = captions.transcript ? null : await context.step('audio', () => this.transcribeAudio(context, videoId));
    const document = await context.step('document', async () => {
      const created = captions.transcript
        ? await this.fromTranscript(context.job.userId, captions.transcript)
        : await this.fromAudio(context.job.userId, videoId, captions.video, audio!.transcript);
      return { id: created.id, lang: created.lang ?? null, transcription_status: created.transcriptionStatus };
    });
    return {
      video_id: videoId,
      document_id: document.id,
      document_ids: [document.id],
      lang: document.lang,
      caption_source: captions.transcript?.source ?? 'transcribed',
      transcription_status: document.transcription_status,
      ...(captions.transcript ? {} : { transcription_message: TRANSCRIBED_INSTEAD }),
    };
  }

  /** Downloads the audio stream to a temp file, transcribes it and records one whisper usage event. */
  private async transcribeAudio(context: JobContext, videoId: string): Promise<{ transcript: Transcript }> {
    const dir = await mkdtemp(join(tmpdir(), 'youtube-audio-'));
    try {
      const path = join(dir, `${videoId}.audio`);
      try {
        await this.youtube.downloadAudio(videoId, path);
      } catch (error) {
        if (error instanceof YouTubeError && error.code === 'audio_unavailable') {
          throw new YouTubeError(
            'audio_unavailable',
            `YouTube video ${videoId} has no captions (its uploader turned them off) and no audio stream that can be downloaded for transcription; upload the video file or a captions file instead`,
            error.details,
          );
        }
        throw error;
      }
      // Credits and caps are checked here, where the worker decides to transcribe; metered once per job and video.
      const job = { userId: context.job.userId, jobId: context.job.id, file: `youtube:${videoId}`, signal: context.signal };
      const transcript = await this.paid.transcribe(job, { path });
      requireEnoughWords(transcript.text, `The transcribed audio of YouTube video ${videoId}`);
      return { transcript };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async fetchCaptions(videoId: string, languages: string[]): Promise<Captions> {
    try {
      return { transcript: await this.youtube.fetchTranscript(videoId, { languages }) };
    } catch (error) {
      if (error instanceof YouTubeError && error.code === 'captions_disabled') {
        const { title, channel, duration_s } = error.details as unknown as VideoFacts;
        return { transcript: null, video: { title, channel, duration_s } };
      }
      throw error;
    }
  }

  private fromTranscript(userId: string, transcript: YouTubeTranscript) {
    return this.documents.create({
      userId,
      sourceType: 'youtube',
      sourceRef: transcript.video_id,
      title: transcript.title || `YouTube video ${transcript.video_id}`,
      text: transcript.text,
      lang: transcript.lang,
      durationS: transcript.duration_s,
      metadata: {
        ...videoFacts(transcript.video_id, transcript),
        caption_source: transcript.source,
        caption_track: transcript.caption_track,
        segments: transcript.segments,
      },
    });
  }

  private fromAudio(userId: string, videoId: string, video: VideoFacts, transcript: Transcript) {
    return this.documents.create({
      userId,
      sourceType: 'youtube',
      sourceRef: videoId,
      title: video.title || `YouTube video ${videoId}`,
      text: transcript.text,
      lang: transcript.lang,
      durationS: transcript.duration_s || video.duration_s || null,
      transcriptionStatus: 'done',
      metadata: {
        ...videoFacts(videoId, video),
        caption_source: 'transcribed',
        caption_track: null,
        transcription_message: TRANSCRIBED_INSTEAD,
        segments: transcript.segments,
        transcription_model: transcript.model,
      },
    });
  }
}

/** Captions off and no transcription provider: nothing to read, and the user is told what would help. */
function captionsDisabled(videoId: string, transcriptionHint: string): YouTubeError {
  return new YouTubeError(
    'captions_disabled',
    `captions are disabled for YouTube video ${videoId} (its uploader turned them off), and audio transcription is not configured. ${transcriptionHint} Or upload the video file or a captions file instead.`,
    { video_id: videoId },
  );
}

function videoFacts(videoId: string, video: VideoFacts): Record<string, unknown> {
  return {
    video_id: videoId,
    url: `https://www.youtube.com/watch?v=${videoId}`,
    title: video.title ?? '',
    channel: video.channel ?? '',
    duration_s: video.duration_s ?? null,
  };
}
