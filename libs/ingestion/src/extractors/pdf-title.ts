import { cleanTitle, TITLE_MAX_CHARS } from './extraction.js';
import type { PdfLine } from './pdf-text-layout.js';

/** A heading is set at least this much larger than the body text. */
const HEADING_SCALE = 1.2;
/** Lines of one heading share its size within this share… */
const SAME_SIZE = 0.1;
/** …and follow each other at most this many font sizes apart. */
const HEADING_LINE_GAP = 2.5;
const HEADING_MAX_LINES = 4;

/** What producers write into the Title field when the author wrote none. */
const PLACEHOLDER = /^(?:untitled(?: document)?|title|document\d*|presentation\d*|slide \d+)$/i;
const FILE_NAME = /\.(?:pdf|docx?|dotx?|odt|rtf|txt|pptx?|xlsx?|indd|tex|html?|md|pages|key)$/i;
const OFFICE_PREFIX = /^microsoft (?:word|powerpoint|excel) - /i;

/** The Title of the document information, else the XMP dc:title, unless it is a file name or a placeholder. */
export function metadataTitle(info: Record<string, unknown>, xmpTitle: unknown): string | undefined {
  for (const candidate of [info.Title, xmpTitle]) {
    const title = cleanTitle(typeof candidate === 'string' ? candidate.replace(OFFICE_PREFIX, '') : undefined);
    if (title && !PLACEHOLDER.test(title) && !FILE_NAME.test(title)) return title;
  }
  return undefined;
}

/**
 * The first heading of the first page with text: the first line set clearly larger than the body
 * text, joined with the lines right below it in the same size (a title often wraps onto two lines).
 */
export function headingTitle(lines: readonly PdfLine[]): string | undefined {
  const worded = lines.filter((line) => /\p{L}/u.test(line.text));
  const body = bodySize(worded);
  if (body === undefined) return undefined;
  const start = worded.findIndex((line) => line.size >= body * HEADING_SCALE);
  if (start === -1) return undefined;
  const heading = worded[start]!;
  const parts = [heading.text.trim()];
  let previous = heading;
  for (const line of worded.slice(start + 1, start + HEADING_MAX_LINES)) {
    const sameSize = Math.abs(line.size - heading.size) <= SAME_SIZE * heading.size;
    const close = Math.hypot(line.x - previous.x, line.y - previous.y) <= HEADING_LINE_GAP * heading.size;
    if (!sameSize || !close || parts.join(' ').length >= TITLE_MAX_CHARS) break;
    parts.push(line.text.trim());
    previous = line;
  }
  return cleanTitle(parts.join(' '));
}

/** The size most characters of the page are set in. */
function bodySize(lines: readonly PdfLine[]): number | undefined {
  const chars = new Map<number, number>();
  for (const line of lines) chars.set(line.size, (chars.get(line.size) ?? 0) + line.text.length);
  let best: number | undefined;
  let most = 0;
  for (const [size, count] of chars) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}
