import { createTurndown, tidyMarkdown } from './html-to-markdown.js';

/** mammoth links a note reference to `#footnote-N` / `#endnote-N`… */
const NOTE_REFERENCE = /^#((?:foot|end)note-(?!ref-)[\w-]+)$/;
/** …and ends each note with a link back to it (`↑`, to `#footnote-ref-N`). */
const NOTE_BACKLINK = /^#(?:foot|end)note-ref-/;
const NOTE_ITEM = /^(?:foot|end)note-(?!ref-)[\w-]+$/;
const HEADING = /^H([1-6])$/;
const NOTES_HEADING = '## Notes';

export interface WordMarkdown {
  markdown: string;
  /** The plain text of the first heading. */
  firstHeading?: string;
}

/**
 * mammoth's HTML of a Word document as Markdown. Headings are plain text (no links, emphasis or
 * note markers); a footnote or endnote reference becomes a `[^n]` marker, numbered in reading
 * order, and the notes themselves go to a Notes section at the end instead of an inline list of
 * `[\[1\]](#footnote-1)` links and `[↑](#footnote-ref-1)` backlinks.
 */
export function wordHtmlToMarkdown(html: string): WordMarkdown {
  const turndown = createTurndown();
  const numbers = new Map<string, number>();
  const notes = new Map<string, string>();
  let firstHeading: string | undefined;
  const numberOf = (id: string): number => {
    const number = numbers.get(id) ?? numbers.size + 1;
    numbers.set(id, number);
    return number;
  };

  turndown.addRule('noteReference', {
    filter: (node) => node.nodeName === 'A' && NOTE_REFERENCE.test(node.getAttribute('href') ?? ''),
    replacement: (_content, node) => `[^${numberOf(noteId(node as HTMLElement))}]`,
  });
  turndown.addRule('noteBacklink', {
    filter: (node) => node.nodeName === 'A' && NOTE_BACKLINK.test(node.getAttribute('href') ?? ''),
    replacement: () => '',
  });
  turndown.addRule('note', {
    filter: (node) => node.nodeName === 'LI' && NOTE_ITEM.test(node.getAttribute('id') ?? ''),
    replacement: (content, node) => {
      notes.set((node as HTMLElement).getAttribute('id') ?? '', content.trim());
      return '';
    },
  });
  turndown.addRule('plainHeading', {
    filter: (node) => HEADING.test(node.nodeName),
    replacement: (_content, node) => {
      const text = plainText(node as HTMLElement)
        .replace(/\s+/g, ' ')
        .trim();
      if (text === '') return '';
      firstHeading ??= text;
      const level = Number(HEADING.exec(node.nodeName)?.[1] ?? 1);
      return `\n\n${'#'.repeat(level)} ${turndown.escape(text)}\n\n`;
    },
  });

  const body = turndown.turndown(html);
  for (const id of notes.keys()) numberOf(id);
  const entries = [...notes]
    .filter(([, content]) => content !== '')
    .sort(([a], [b]) => numberOf(a) - numberOf(b))
    .map(([id, content]) => `[^${numberOf(id)}]: ${content.replace(/\n(?=.)/g, '\n    ')}`);
  const markdown = entries.length > 0 ? `${body}\n\n${NOTES_HEADING}\n\n${entries.join('\n\n')}` : body;
  return { markdown: tidyMarkdown(markdown), firstHeading };
}

function noteId(anchor: HTMLElement): string {
  return NOTE_REFERENCE.exec(anchor.getAttribute('href') ?? '')?.[1] ?? '';
}

/** The text a reader sees in a heading, without the markers of notes it refers to. */
function plainText(node: Node): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeType !== 1) return '';
  const element = node as HTMLElement;
  if (element.nodeName === 'A' && NOTE_REFERENCE.test(element.getAttribute('href') ?? '')) return '';
  if (element.nodeName === 'BR') return ' ';
  return Array.from(element.childNodes, plainText).join('');
}
