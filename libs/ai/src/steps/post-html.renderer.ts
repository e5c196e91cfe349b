import { Marked } from 'marked';
import type sanitizeHtml from 'sanitize-html';
import { lazyPackage } from '@app/shared';

/** sanitize-html (with postcss and htmlparser2, ~16 MiB) loads with the first post rendered, not with the API process. */
const sanitizer = lazyPackage<typeof sanitizeHtml>('sanitize-html');

const marked = new Marked({ gfm: true, breaks: false });

const ABSOLUTE_URL = /^https?:\/\//i;

/** Keeps only srcset candidates with an absolute http(s) URL; drops the attribute when none is left. */
function withAbsoluteSrcset(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { srcset, ...rest } = attribs;
  if (!srcset) return rest;
  const candidates = srcset
    .split(',')
    .map((candidate) => candidate.trim())
    .filter((candidate) => ABSOLUTE_URL.test(candidate));
  return candidates.length > 0 ? { ...rest, srcset: candidates.join(', ') } : rest;
}

let policy: sanitizeHtml.IOptions | undefined;

/** What a post may contain once rendered: text structure, links and images, nothing executable. */
function postHtmlPolicy(): sanitizeHtml.IOptions {
  return (policy ??= {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'strong', 'b', 'em', 'i', 'del', 's',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'sup', 'sub',
    'picture', 'source',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    source: ['srcset', 'sizes', 'type', 'media'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  selfClosing: [...sanitizer().defaults.selfClosing, 'source'],
  // The scheme lists above let relative URLs through; a post is served elsewhere, so only absolute ones are kept.
  transformTags: {
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      return { tagName, attribs: { ...rest, ...(href && /^(?:https?:|mailto:)/i.test(href.trim()) ? { href } : {}), rel: 'noopener noreferrer nofollow' } };
    },
    img: (tagName, attribs) => {
      const { src, ...rest } = withAbsoluteSrcset(attribs);
      return { tagName, attribs: src && ABSOLUTE_URL.test(src.trim()) ? { ...rest, src } : rest };
    },
    source: (tagName, attribs) => ({ tagName, attribs: withAbsoluteSrcset(attribs) }),
  },
  exclusiveFilter: (frame) => (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'source' && !frame.attribs.srcset),
  });
}

export function sanitizePostHtml(html: string): string {
  return sanitizer()(html, postHtmlPolicy());
}

/** Markdown to HTML that is safe to serve as is (raw HTML in the markdown is filtered too). */
export function renderPostHtml(markdown: string): string {
  return sanitizePostHtml(marked.parse(markdown, { async: false }));
}
