import { Marked, type Tokens } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** Links and images may point at http(s), mailto, the page's own paths and anchors; nothing else (no javascript:). */
export function safeUrl(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed) || /^[/#?]/.test(trimmed) || !/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  return null;
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML in the Markdown is shown as text: the preview never runs markup from a source document.
    html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
    link(token: Tokens.Link) {
      const href = safeUrl(token.href);
      const text = this.parser.parseInline(token.tokens);
      return href === null ? text : `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${text}</a>`;
    },
    image(token: Tokens.Image) {
      const src = safeUrl(token.href);
      return src === null ? escapeHtml(token.text) : `<img src="${escapeHtml(src)}" alt="${escapeHtml(token.text)}">`;
    },
  },
});

/** The editor's live preview of Markdown as HTML that is safe to put in the page. */
export function renderPreview(markdown: string): string {
  return marked.parse(markdown) as string;
}
