import { type PostView, renderPostHtml, sanitizePostHtml, withCitationMarkers } from '@app/ai';
import { type ExportFormat, PostDto } from './posts.dto.js';

/** A post as a file: its name, content type and body. */
export interface ExportedPost {
  name: string;
  contentType: string;
  body: string;
}

/**
 * The post as the file a format asks for: `md` (Markdown with YAML front matter), `html` (a
 * sanitized standalone page) or `json` (the post). `imageUrls` may rewrite the image URLs in it
 * (to signed ones); the same for REST and MCP.
 */
export function exportPost(post: PostView, format: ExportFormat, imageUrls: (text: string) => string = (text) => text): ExportedPost {
  const name = `${post.slug}${post.version === post.latestVersion ? '' : `-v${post.version}`}`;
  if (format === 'json') return { name: `${name}.json`, contentType: 'application/json', body: imageUrls(JSON.stringify(PostDto.fromView(post), null, 2)) };
  if (format === 'html') return { name: `${name}.html`, contentType: 'text/html; charset=utf-8', body: imageUrls(htmlDocument(post)) };
  return { name: `${name}.md`, contentType: 'text/markdown; charset=utf-8', body: imageUrls(markdownWithFrontMatter(post)) };
}

/** What the front matter lists of each image, in this order (absent ones omitted). */
const FRONT_MATTER_IMAGE_FIELDS = ['chapter_index', 'source', 'media_id', 'url', 'alt_text', 'width', 'height', 'placement'];

/** JSON strings are valid YAML scalars, so every value is quoted safely whatever it contains. */
function markdownWithFrontMatter(post: PostView): string {
  const images = post.images.map((image) => {
    const fields = FRONT_MATTER_IMAGE_FIELDS
      .filter((key) => image[key] !== undefined && image[key] !== null)
      .map((key, i) => `${i === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(image[key])}`);
    return fields.length > 0 ? fields.join('\n') : '  - {}';
  });
  const lines = [
    '---',
    `title: ${JSON.stringify(post.title)}`,
    `description: ${JSON.stringify(post.description)}`,
    `slug: ${JSON.stringify(post.slug)}`,
    `keywords: [${post.keywords.map((keyword) => JSON.stringify(keyword)).join(', ')}]`,
    `date: ${JSON.stringify(post.createdAt.toISOString())}`,
    `version: ${post.version}`,
    images.length > 0 ? `images:\n${images.join('\n')}` : 'images: []',
    '---',
    '',
  ];
  return `${lines.join('\n')}${post.markdown.trimEnd()}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function htmlDocument(post: PostView): string {
  return [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(post.title)}</title>`,
    `<meta name="description" content="${escapeHtml(post.description)}">`,
    `<meta name="keywords" content="${escapeHtml(post.keywords.join(', '))}">`,
    '</head>',
    '<body>',
    '<article>',
    sanitizePostHtml(post.html),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The post with its citations shown after their paragraphs, in the Markdown and the HTML made from it. */
export function withCitations(post: PostView): PostView {
  const markdown = withCitationMarkers(post.markdown, post.citations ?? undefined);
  return markdown === post.markdown ? post : { ...post, markdown, html: renderPostHtml(markdown) };
}
