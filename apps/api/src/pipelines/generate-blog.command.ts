import { DomainError, JOB_TYPES } from '@app/shared';
import { type DocumentsService, parseYouTubeVideoId } from '@app/ingestion';
import type { LaunchCommand } from '@app/ai';
import { BCP47 } from '../documents/documents.dto.js';
import { exactlyOne } from '../http/exactly-one.js';
import type { GenerateBlogDto } from './pipelines.dto.js';

/**
 * A validated generate_blog request as the launch command every edge (REST, MCP) hands to the
 * JobLauncher: exactly one source (a document, pasted text or a YouTube link), the spending it may
 * do, and, for pasted text, the document made from it once the launch is decided.
 */
export function generateBlogCommand(userId: string, body: GenerateBlogDto, documents: DocumentsService, idempotencyKey?: string): LaunchCommand {
  const source = exactlyOne(body, 'document_id', 'text', 'youtube_url');
  const videoId = source === 'youtube_url' ? parseYouTubeVideoId(body.youtube_url!) : null;
  if (source === 'youtube_url' && !videoId) throw DomainError.badField('youtube_url', 'youtube_url must be a YouTube video link (watch, youtu.be, shorts, embed or live)');
  const options = body.options ? JSON.parse(JSON.stringify(body.options)) : {};
  // The post's language, when given as a language tag, is the captions' first choice.
  const language = body.options?.language;
  const youtube = videoId ? { video_id: videoId, langs: language && BCP47.test(language) ? [language] : [] } : undefined;
  return {
    userId,
    type: JOB_TYPES.GENERATE_BLOG,
    input: { options },
    documentId: body.document_id ?? null,
    spends: { chat: true, images: body.options?.images === true },
    idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint: body } : undefined,
    // After the spending check: a 402 leaves no document behind.
    prepare: async () => {
      if (youtube) return { input: { youtube } };
      if (body.text === undefined) return { input: { document_id: body.document_id } };
      const document = await documents.createFromText(userId, { title: body.title, text: body.text });
      return { input: { document_id: document.id }, documentId: document.id };
    },
  };
}
