import { Injectable } from '@nestjs/common';
import { DomainError, JOB_TYPES } from '@app/shared';
import { DocumentsService, parseYouTubeVideoId } from '@app/ingestion';
import { BrandVoicesService, type LaunchCommand, WritingSourceCheck } from '@app/ai';
import { BCP47 } from '../documents/documents.dto.js';
import { exactlyOne } from '../http/exactly-one.js';
import { jobInputOf, maxCostMicrosOf } from '../jobs/job-cost.dto.js';
import type { BlogOptionsDto, GenerateBlogDto } from './pipelines.dto.js';

/**
 * A validated generate_blog request as the command every edge (REST, MCP) hands to the
 * JobLauncher, to launch or to quote: exactly one source (a document, pasted text or a YouTube
 * link), its options with the brand voice read now (404 when not the caller's), the spending it may
 * do and its cap, and — once the launch is decided — the document made from pasted text, checked
 * to be long enough to write about (removed again when it is not).
 */
@Injectable()
export class GenerateBlogCommands {
  constructor(
    private readonly documents: DocumentsService,
    private readonly brandVoices: BrandVoicesService,
    private readonly sources: WritingSourceCheck,
  ) {}

  async build(userId: string, body: GenerateBlogDto, idempotencyKey?: string): Promise<LaunchCommand> {
    const source = exactlyOne(body, 'document_id', 'text', 'youtube_url');
    const videoId = source === 'youtube_url' ? parseYouTubeVideoId(body.youtube_url!) : null;
    if (source === 'youtube_url' && !videoId) throw DomainError.badField('youtube_url', 'youtube_url must be a YouTube video link (watch, youtu.be, shorts, embed or live)');
    const options = await this.optionsOf(userId, body.options);
    // The post's language, when given as a language tag, is the captions' first choice.
    const language = body.options?.language;
    const youtube = videoId ? { video_id: videoId, langs: language && BCP47.test(language) ? [language] : [] } : undefined;
    let created: string | undefined;
    return {
      userId,
      type: JOB_TYPES.GENERATE_BLOG,
      // What a quote reads (a launch completes it in prepare).
      input: { options, ...(youtube ? { youtube } : {}), ...(body.document_id ? { document_id: body.document_id } : {}) },
      documentId: body.document_id ?? null,
      sourceText: body.text,
      maxCostMicros: maxCostMicrosOf(body.options),
      spends: { chat: true, images: body.options?.images === true },
      idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint: body } : undefined,
      // After the spending check: a 402 leaves no document behind.
      prepare: async () => {
        if (youtube) return { input: { youtube } };
        if (body.text === undefined) {
          const document = await this.documents.get(userId, body.document_id!);
          this.sources.assertWritable(document.rawText, document.metadata, language);
          return { input: { document_id: body.document_id } };
        }
        // The text's own limits (DOCUMENT_MAX_CHARS: 400) come first; a document too short to write about is removed again (discard).
        const document = await this.documents.createFromText(userId, { title: body.title, text: body.text });
        created = document.id;
        this.sources.assertWritable(document.rawText, {}, language);
        return { input: { document_id: document.id }, documentId: document.id };
      },
      discard: async () => {
        if (created) await this.documents.delete(userId, created);
      },
    };
  }

  /** The options as a generate_blog job's input holds them: without max_cost (the cap lives on the row), the brand voice read now. */
  async optionsOf(userId: string, given: BlogOptionsDto | undefined): Promise<Record<string, unknown>> {
    const { options = {} } = jobInputOf({ options: given ? JSON.parse(JSON.stringify(given)) : {} }) as { options?: Record<string, unknown> };
    if (given?.brand_voice_id) options.brand_voice = await this.brandVoices.profile(userId, given.brand_voice_id);
    return options;
  }
}
