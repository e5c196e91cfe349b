export interface TranscriptSegment {
  start_s: number;
  dur_s: number;
  text: string;
}

interface Json3Event {
  tStartMs?: number;
  dDurationMs?: number;
  segs?: { utf8?: string }[];
}

function roundSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const codePoint = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Text content of an XML caption node: inline tags dropped, entities decoded (twice: the classic format escapes HTML inside XML). */
function nodeText(inner: string): string {
  const once = decodeEntities(inner.replace(/<[^>]*>/g, ''));
  return clean(decodeEntities(once.replace(/<[^>]*>/g, '')));
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
}

/** `fmt=json3`: `{ events: [{ tStartMs, dDurationMs, segs: [{ utf8 }] }] }`; window and newline-only events are skipped. */
export function parseJson3(body: string): TranscriptSegment[] {
  const parsed = JSON.parse(body) as { events?: Json3Event[] };
  const segments: TranscriptSegment[] = [];
  for (const event of parsed.events ?? []) {
    if (!Array.isArray(event.segs)) continue;
    const text = clean(event.segs.map((seg) => seg.utf8 ?? '').join(''));
    if (text.length === 0) continue;
    segments.push({ start_s: roundSeconds(event.tStartMs ?? 0), dur_s: roundSeconds(event.dDurationMs ?? 0), text });
  }
  return segments;
}

/**
 * Both XML shapes the timedtext endpoint serves: the classic `<transcript><text start dur>`
 * (seconds) and srv3 `<timedtext><body><p t d>` (milliseconds, words in `<s>`).
 */
export function parseTimedTextXml(body: string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  const push = (startMs: number, durMs: number, inner: string) => {
    const text = nodeText(inner);
    if (text.length > 0 && Number.isFinite(startMs)) {
      segments.push({ start_s: roundSeconds(startMs), dur_s: roundSeconds(Number.isFinite(durMs) ? durMs : 0), text });
    }
  };
  if (/<transcript[\s>]/.test(body)) {
    for (const match of body.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)) {
      const attributes = match[1] ?? '';
      push(Number(attribute(attributes, 'start')) * 1000, Number(attribute(attributes, 'dur') ?? 0) * 1000, match[2] ?? '');
    }
  } else {
    for (const match of body.matchAll(/<p\b([^>]*)>([\s\S]*?)<\/p>/g)) {
      const attributes = match[1] ?? '';
      push(Number(attribute(attributes, 't')), Number(attribute(attributes, 'd') ?? 0), match[2] ?? '');
    }
  }
  return segments;
}

export function parseTimedText(body: string): TranscriptSegment[] {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) return parseJson3(trimmed);
  if (trimmed.startsWith('<')) return parseTimedTextXml(trimmed);
  throw new Error('unrecognised caption format');
}

function words(text: string): string[] {
  return text.split(' ').filter((word) => word.length > 0);
}

function normalisedWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
}

/**
 * Automatic captions roll: each cue repeats the tail of the one before it. The longest run of
 * words that ends the previous cue and starts this one is dropped when it is at least two words,
 * or is the whole cue; a cue left empty is merged into the previous one.
 */
export function removeRollingRepeats(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  const result: TranscriptSegment[] = [];
  let before: string[] = [];
  for (const segment of segments) {
    const current = words(segment.text);
    const currentNormalised = current.map(normalisedWord);
    const previous = result.at(-1);
    let overlap = 0;
    for (let size = Math.min(before.length, current.length); size > 0; size -= 1) {
      const tail = before.slice(before.length - size);
      if (tail.every((word, index) => word === currentNormalised[index])) {
        overlap = size;
        break;
      }
    }
    // Compared with the cue as YouTube sent it, not as trimmed here, so long rolls are caught.
    before = currentNormalised;
    if (previous && (overlap >= 2 || (overlap > 0 && overlap === current.length))) {
      const rest = current.slice(overlap).join(' ');
      if (rest.length === 0) {
        previous.dur_s = Math.max(previous.dur_s, roundSeconds((segment.start_s + segment.dur_s - previous.start_s) * 1000));
        continue;
      }
      result.push({ ...segment, text: rest });
    } else {
      result.push({ ...segment });
    }
  }
  return result;
}
