import TurndownService from 'turndown';

const MEDIA = new Set(['img', 'picture', 'svg', 'canvas', 'video', 'audio', 'iframe', 'object', 'embed']);

/**
 * HTML to Markdown with ATX headings, so the structure survives for the outline step. Images are
 * dropped: extracted text has no use for them and Word files inline them as huge data URIs.
 */
export function htmlToMarkdown(html: string): string {
  const turndown = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    hr: '---',
  });
  // An added rule, because turndown's own image rule outranks `remove`.
  turndown.addRule('dropMedia', {
    filter: (node) => MEDIA.has(node.nodeName.toLowerCase()),
    replacement: () => '',
  });
  turndown.remove(['script', 'style', 'noscript', 'template']);
  return turndown
    .turndown(html)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
