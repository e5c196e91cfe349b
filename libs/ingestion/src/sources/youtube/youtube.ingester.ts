import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { JobContext } from '@app/shared';
import { DocumentsService } from '../../documents/documents.service.js';
import { TranscriptionAvailability } from '../../transcription/transcription-availability.js';
import type { Transcript } from '../../transcription/transcriber.js';
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

/** What the audio step found: the transcript of the video's audio, or why there is none. */
type AudioTranscript = { transcript: Transcript } | { transcript: null; message: string };

/** What ingesting a video produced (the ingest_youtube job's output). */
export interface YouTubeIngestResult {
  video_id: string;
  document_id: string;
  document_ids: string[];
  lang: string | null;
  caption_source: string | null;
  transcription_status: string;
  /** Why the document has no text (no captions and no usable audio), when it has none. */
  transcription_message?: string;
}

/**
 * Turns a YouTube video's captions into a document, as checkpointed steps of the calling job
 * (`captions`, `audio`, `document`), so the ingest_youtube job and a generate_blog job started
 * from a link share it. YouTube's failures (private video, bot check, no track …) end the job
 * failed with their stable code. A video without captions is transcribed from its audio stream
 * when a transcription provider is configured (`caption_source: transcribed`); otherwise (or when
 * no audio stream can be downloaded) it still gets a document, marked
 * `transcription_status: unavailable` with the reason.
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
        await this.usage.captions({ userId: context.job.userId, jobId: context.job.id }, { source: fetched.transcript.source, durationS: fetched.transcript.duration_s });
      }
      return fetched;
    });
    const audio =
      captions.transcript || this.transcription.check().status !== 'available'
        ? null
        : await context.step('audio', () => this.transcribeAudio(context, videoId));
    const document = await context.step('document', async () => {
      const created = captions.transcript
        ? await this.fromTranscript(context.job.userId, captions.transcript)
        : audio?.transcript
          ? await this.fromAudio(context.job.userId, videoId, captions.video, audio.transcript)
          : await this.withoutCaptions(context.job.userId, videoId, captions.video, audio?.message);
      const message = created.metadata.transcription_message;
      return {
        id: created.id,
        lang: created.lang ?? null,
        transcription_status: created.transcriptionStatus,
        ...(typeof message === 'string' ? { transcription_message: message } : {}),
      };
    });
    return {
      video_id: videoId,
      document_id: document.id,
      document_ids: [document.id],
      lang: document.lang,
      caption_source: captions.transcript?.source ?? (audio?.transcript ? 'transcribed' : null),
      transcription_status: document.transcription_status,
      ...(document.transcription_message ? { transcription_message: document.transcription_message } : {}),
    };
  }

  /** Downloads the audio stream to a temp file, transcribes it and records one whisper usage event. */
  private async transcribeAudio(context: JobContext, videoId: string): Promise<AudioTranscript> {
    const dir = await mkdtemp(join(tmpdir(), 'youtube-audio-'));
    try {
      const path = join(dir, `${videoId}.audio`);
      try {
        await this.youtube.downloadAudio(videoId, path);
      } catch (error) {
        if (error instanceof YouTubeError && error.code === 'audio_unavailable') {
          return { transcript: null, message: `This video has no captions and ${error.message}.` };
        }
        throw error;
      }
      // Credits and caps are checked here, where the worker decides to transcribe; metered once per job and video.
      const job = { userId: context.job.userId, jobId: context.job.id, file: `youtube:${videoId}`, signal: context.signal };
      return { transcript: await this.paid.transcribe(job, { path }) };
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
        segments: transcript.segments,
        transcription_model: transcript.model,
      },
    });
  }

  private withoutCaptions(userId: string, videoId: string, video: VideoFacts, audioMessage?: string) {
    const status = this.transcription.check();
    return this.documents.create({
      userId,
      sourceType: 'youtube',
      sourceRef: videoId,
      title: video.title || `YouTube video ${videoId}`,
      text: '',
      durationS: video.duration_s || null,
      transcriptionStatus: 'unavailable',
      metadata: {
        ...videoFacts(videoId, video),
        caption_source: null,
        transcription_message: status.status === 'unavailable' ? status.message : (audioMessage ?? 'This video has no captions.'),
      },
    });
  }
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
