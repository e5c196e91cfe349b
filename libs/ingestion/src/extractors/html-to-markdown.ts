import type TurndownService from 'turndown';
import { lazyPackage } from '@app/shared';

/** turndown loads with the first conversion, not with the API process. */
const Turndown = lazyPackage<typeof TurndownService>('turndown');

const MEDIA = new Set(['img', 'picture', 'svg', 'canvas', 'video', 'audio', 'iframe', 'object', 'embed']);

/**
 * HTML to Markdown with ATX headings, so the structure survives for the outline step. Images are
 * dropped: extracted text has no use for them and Word files inline them as huge data URIs.
 */
export function htmlToMarkdown(html: string): string {
  return tidyMarkdown(createTurndown().turndown(html));
}

/** The converter `htmlToMarkdown` uses, for a format that adds rules of its own. */
export function createTurndown(): TurndownService {
  const turndown = new (Turndown())({
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
  return turndown;
}

/** Drops trailing spaces and runs of blank lines. */
export function tidyMarkdown(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
