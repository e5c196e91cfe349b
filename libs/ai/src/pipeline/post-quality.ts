import { lengthBounds, markdownWordCount } from '../steps/length-policy.js';
import { SEO_DESCRIPTION_MAX_CHARS, SEO_MAX_KEYWORDS, SEO_MIN_KEYWORDS, SEO_TITLE_MAX_CHARS } from '../steps/step.contracts.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface PostQualityInput {
  title: string;
  description: string;
  slug: string;
  keywords: readonly string[];
  markdown: string;
  /** Chapters the outline had. */
  chapters: number;
  /** Words asked for, if any. */
  requestedWords?: number;
  /** Why the post missed the asked length (the extractive engine cannot write more than the source). */
  lengthNote?: string;
}

export interface PostQuality {
  ok: boolean;
  word_count: number;
  /** One line per rule the post breaks. */
  problems: string[];
}

/**
 * The rules a generated post is held to: one `## ` heading per chapter and no empty chapter,
 * title ≤ 60, description ≤ 160, a URL-safe slug, 5–10 keywords, and the asked length ±25%
 * (or a length note saying why not).
 */
export function checkPostQuality(post: PostQualityInput): PostQuality {
  const problems: string[] = [];
  const sections = post.markdown.split(/^## /m).slice(1);
  if (sections.length !== post.chapters) problems.push(`${sections.length} chapter headings for ${post.chapters} chapters`);
  sections.forEach((section, index) => {
    const body = section.split('\n').slice(1).join('\n').trim();
    if (markdownWordCount(body) === 0) problems.push(`chapter ${index + 1} is empty`);
  });
  if (post.title.trim().length === 0 || post.title.length > SEO_TITLE_MAX_CHARS) problems.push(`title must have 1 to ${SEO_TITLE_MAX_CHARS} characters`);
  if (post.description.length > SEO_DESCRIPTION_MAX_CHARS) problems.push(`description longer than ${SEO_DESCRIPTION_MAX_CHARS} characters`);
  if (!SLUG_PATTERN.test(post.slug)) problems.push('slug is not URL-safe');
  if (post.keywords.length < SEO_MIN_KEYWORDS || post.keywords.length > SEO_MAX_KEYWORDS) {
    problems.push(`${post.keywords.length} keywords, not ${SEO_MIN_KEYWORDS} to ${SEO_MAX_KEYWORDS}`);
  }
  const words = markdownWordCount(post.markdown);
  if (post.requestedWords !== undefined && !post.lengthNote) {
    const { min, max } = lengthBounds(post.requestedWords);
    if (words < min || words > max) problems.push(`${words} words, not ${min} to ${max}`);
  }
  return { ok: problems.length === 0, word_count: words, problems };
}
