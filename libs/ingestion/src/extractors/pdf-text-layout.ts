/** The part of a pdf.js text item the layout reads (pdf.js `TextItem`). */
export interface PdfTextItem {
  str: string;
  /** pdf.js's direction of the item: 'ltr', 'rtl' or 'ttb' (vertical). */
  dir: string;
  /** [a, b, c, d, e, f]: the item's text matrix in page space; e, f is where it starts. */
  transform: number[];
  width: number;
  hasEOL: boolean;
}

/** One line of a page, in reading order. */
export interface PdfLine {
  text: string;
  /** The font size most of the line's characters are set in. */
  size: number;
  x: number;
  y: number;
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/g;
const LETTERS = /\p{L}/gu;
/**
 * Presentation forms stand for ordinary characters in a given shape: Latin ligatures (ﬁ),
 * Hebrew and Arabic contextual forms (ﻣ), vertical punctuation (︒, ︵). NFKC gives the characters.
 */
const PRESENTATION_FORMS = /[\uFB00-\uFDFF\uFE10-\uFE19\uFE30-\uFE4F\uFE70-\uFEFE]+/g;
/** Controls other than tab and line feed: unmapped glyphs come out as NUL, which Postgres refuses in text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** A gap wider than this share of the font size between two pieces of a line is a word break. */
const WORD_GAP = 0.15;

/** A page's text items as lines: pdf.js ends a line with `hasEOL`. */
export function layoutLines(items: readonly PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfTextItem[] = [];
  for (const item of items) {
    current.push(item);
    if (item.hasEOL) {
      lines.push(toLine(current));
      current = [];
    }
  }
  if (current.length > 0) lines.push(toLine(current));
  return lines;
}

function toLine(items: readonly PdfTextItem[]): PdfLine {
  const joined = items.map((item) => item.str).join('');
  const text = RTL_CHAR.test(joined) ? logicalOrder(items) : joined;
  const first = items.find((item) => item.str.trim() !== '') ?? items[0]!;
  return { text: cleanText(text), size: dominantSize(items), x: first.transform[4] ?? 0, y: first.transform[5] ?? 0 };
}

/** Characters a reader would type: presentation forms normalized, control characters dropped. */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, '').replace(PRESENTATION_FORMS, (forms) => forms.normalize('NFKC'));
}

function fontSize(item: PdfTextItem): number {
  return Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
}

function dominantSize(items: readonly PdfTextItem[]): number {
  const chars = new Map<number, number>();
  for (const item of items) {
    const size = Math.round(fontSize(item) * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + item.str.trim().length);
  }
  let best = 0;
  let most = -1;
  for (const [size, count] of chars) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}

/** Of a piece of a line: its letters', or `number` for digits without letters, or `neutral` (spaces, punctuation). */
type Direction = 'ltr' | 'rtl' | 'number' | 'neutral';

interface Piece {
  str: string;
  direction: Direction;
}

/**
 * pdf.js puts the characters inside one text item in logical order, but a line of right-to-left
 * text split into several items (a TJ array whose spaces are not in the ToUnicode map, a word per
 * Tj, glyphs placed one by one) comes out item by item in drawing order: the words of a Hebrew or
 * Arabic line appear reversed, or glued together when their spaces were gaps rather than
 * characters. This places the items by their position on the line, puts back the spaces the gaps
 * stand for, and reorders the items by the levels of the Unicode bidirectional algorithm (a
 * simplified form, item by item: an RTL line reads right to left, its Latin words and numbers left
 * to right; an LTR line the other way round).
 */
function logicalOrder(items: readonly PdfTextItem[]): string {
  const placed = items.filter((item) => item.str !== '');
  if (placed.some((item) => item.dir === 'ttb' || !isUpright(item))) return items.map((item) => item.str).join('');
  const visual = [...placed].sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));

  const pieces: Piece[] = [];
  visual.forEach((item, index) => {
    const previous = visual[index - 1];
    if (previous && isWordGap(previous, item)) pieces.push({ str: ' ', direction: 'neutral' });
    pieces.push({ str: item.str, direction: directionOf(item.str) });
  });
  const rtlLine = letterCount(pieces, 'rtl') > letterCount(pieces, 'ltr');
  const resolved = resolveNeutrals(resolveNumbers(pieces, rtlLine), rtlLine);
  const levels = resolved.map((piece) => levelOf(piece.direction, rtlLine));
  // UAX #9 rule L2: from the highest level down to 1, reverse every run at that level or above.
  for (let level = Math.max(0, ...levels); level >= 1; level -= 1) {
    for (let start = 0; start < resolved.length; ) {
      if (levels[start]! < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end + 1 < resolved.length && levels[end + 1]! >= level) end += 1;
      resolved.splice(start, end - start + 1, ...resolved.slice(start, end + 1).reverse());
      levels.splice(start, end - start + 1, ...levels.slice(start, end + 1).reverse());
      start = end + 1;
    }
  }
  return resolved.map((piece) => piece.str).join('');
}

function isUpright(item: PdfTextItem): boolean {
  const [a = 0, b = 0, c = 0, d = 0] = item.transform;
  return a > 0 && Math.abs(b) <= 1e-3 * a && Math.abs(c) <= 1e-3 * Math.abs(d);
}

function isWordGap(left: PdfTextItem, right: PdfTextItem): boolean {
  if (/\s$/.test(left.str) || /^\s/.test(right.str)) return false;
  const gap = (right.transform[4] ?? 0) - ((left.transform[4] ?? 0) + left.width);
  return gap > WORD_GAP * Math.max(fontSize(left), fontSize(right));
}

function directionOf(str: string): Direction {
  const rtl = str.match(RTL_CHARS)?.length ?? 0;
  const letters = str.match(LETTERS)?.length ?? 0;
  if (rtl > 0 && rtl * 2 >= letters) return 'rtl';
  if (letters > 0) return 'ltr';
  return /\p{Nd}/u.test(str) ? 'number' : 'neutral';
}

function letterCount(pieces: readonly Piece[], direction: 'ltr' | 'rtl'): number {
  let total = 0;
  for (const piece of pieces) {
    if (piece.direction === direction) total += (direction === 'rtl' ? piece.str.match(RTL_CHARS) : piece.str.match(LETTERS))?.length ?? 0;
  }
  return total;
}

/** UAX #9 rule W7: a number after Latin letters (or at the start of an LTR line) is left-to-right text. */
function resolveNumbers(pieces: readonly Piece[], rtlLine: boolean): Piece[] {
  let strong: Direction = rtlLine ? 'rtl' : 'ltr';
  return pieces.map((piece) => {
    if (piece.direction === 'ltr' || piece.direction === 'rtl') strong = piece.direction;
    return piece.direction === 'number' && strong === 'ltr' ? { ...piece, direction: 'ltr' } : piece;
  });
}

/**
 * UAX #9 rules N1 and N2: spaces and punctuation between two pieces of one direction take it (numbers
 * count as right-to-left here, and punctuation between two numbers belongs to them); others take the line's.
 */
function resolveNeutrals(pieces: readonly Piece[], rtlLine: boolean): Piece[] {
  const after: (Direction | undefined)[] = [];
  let next: Direction | undefined;
  for (let index = pieces.length - 1; index >= 0; index -= 1) {
    after[index] = next;
    if (pieces[index]!.direction !== 'neutral') next = pieces[index]!.direction;
  }
  let before: Direction | undefined;
  return pieces.map((piece, index) => {
    if (piece.direction !== 'neutral') {
      before = piece.direction;
      return piece;
    }
    const [left, right] = [before, after[index]];
    if (left === 'number' && right === 'number') return { ...piece, direction: 'number' };
    const asStrong = (direction: Direction | undefined) => (direction === 'number' ? 'rtl' : direction);
    const direction = left !== undefined && asStrong(left) === asStrong(right) ? asStrong(left)! : rtlLine ? 'rtl' : 'ltr';
    return { ...piece, direction };
  });
}

/** Embedding levels: an LTR line is level 0, an RTL line 1; right-to-left text is odd, numbers in it 2. */
function levelOf(direction: Direction, rtlLine: boolean): number {
  if (direction === 'rtl') return 1;
  if (direction === 'number') return 2;
  return rtlLine ? 2 : 0;
}
