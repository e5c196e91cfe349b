import type { GenerateBlog } from '@scriptorium/sdk';

type Options = NonNullable<GenerateBlog['options']>;
const OPTION_KEYS = ['images', 'tone', 'length', 'language', 'audience', 'chapters_count', 'brand_voice_id', 'outline'] as const;

/**
 * The request that runs a finished generate_blog job again: its source (document or YouTube video)
 * and the options it was asked for, read from the job's stored input (which also holds what the
 * server added, such as the brand voice's profile, and never the spending cap); null when the job
 * does not say where its source is.
 */
export function retryBody(job: { input: Record<string, unknown> | null; document_id: string | null }): GenerateBlog | null {
  const input = job.input ?? {};
  const stored = (typeof input.options === 'object' && input.options !== null ? input.options : {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) if (stored[key] !== undefined && stored[key] !== null) options[key] = stored[key];
  const voice = stored.brand_voice as { id?: unknown } | undefined;
  if (options.brand_voice_id === undefined && typeof voice?.id === 'string') options.brand_voice_id = voice.id;
  const youtube = input.youtube as { video_id?: unknown } | undefined;
  const documentId = typeof input.document_id === 'string' ? input.document_id : job.document_id;
  if (documentId) return { document_id: documentId, options: options as Options };
  if (typeof youtube?.video_id === 'string') return { youtube_url: `https://www.youtube.com/watch?v=${youtube.video_id}`, options: options as Options };
  return null;
}
