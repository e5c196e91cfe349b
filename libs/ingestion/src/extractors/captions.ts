import type { TranscriptSegment } from './extraction.js';

/** One subtitle cue with its text cleaned of markup: one entry per non-empty line. */
export interface Cue {
  start: number;
  end: number;
  lines: string[];
  /** From a WebVTT voice span (`<v Ann>`). */
  speaker?: string;
  /** A new speaker starts in this cue (YouTube's `>>`). */
  newTurn?: boolean;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  duration_s: number;
}

/** A silence this long between cues starts a new paragraph. */
const PARAGRAPH_GAP_S = 2.5;
/** Past this length a paragraph ends at the next sentence end, and at any cue past twice it. */
const PARAGRAPH_SOFT_CHARS = 600;
/** Share of cues opening with the previous cue's words from which a file counts as rolling captions. */
const ROLLING_SHARE = 0.3;
const OVERLAP_WINDOW_WORDS = 60;

const TIMESTAMP = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})`;
const TIMING_LINE = new RegExp(String.raw`^\s*${TIMESTAMP}\s*-->\s*${TIMESTAMP}(?:\s.*)?$`);

/** Parses SubRip: numbered blocks of a timing line and text, separated by blank lines. */
export function parseSrt(source: string): Cue[] {
  return scanCues(source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n'), false);
}

export interface ParsedVtt {
  cues: Cue[];
  /** Text after `WEBVTT` on the first line, when there is any. */
  title?: string;
  /** Header lines such as `Kind: captions` and `Language: en` (keys lower-cased). */
  headers: Record<string, string>;
}

/** Parses WebVTT: header, cues with identifiers and settings; NOTE, STYLE and REGION blocks are skipped. */
export function parseVtt(source: string): ParsedVtt {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const title = (lines[0] ?? '').replace(/^WEBVTT/, '').replace(/^[\s\-–—:]+/, '').trim() || undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line.trim() === '' || line.includes('-->')) break;
    const match = /^([\w-]+)\s*:\s*(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) headers[match[1].toLowerCase()] = match[2].trim();
  }
  return { cues: scanCues(lines, true), title, headers };
}

/**
 * Line by line rather than block by block: YouTube puts lines of a single space inside cues, and
 * hand-written files lose blank lines or add them inside cue text. A timing line starts a cue;
 * the line just before it, when it stands alone, is the cue's identifier and not text.
 */
function scanCues(lines: readonly string[], vtt: boolean): Cue[] {
  let current: { cue: Cue; raw: string[] } | undefined;
  const collected: { cue: Cue; raw: string[] }[] = [];
  let inSkippedBlock = false;
  const blankAt = (index: number): boolean => index < 0 || (lines[index] ?? '').trim() === '';

  lines.forEach((line, index) => {
    const timing = line.includes('-->') ? parseTiming(line) : undefined;
    if (timing) {
      const before = lines[index - 1] ?? '';
      const identifier = !blankAt(index - 1) && (blankAt(index - 2) || /^\s*\d+\s*$/.test(before));
      if (identifier && current?.raw.at(-1) === before) current.raw.pop();
      current = { cue: { ...timing, lines: [] }, raw: [] };
      collected.push(current);
      inSkippedBlock = false;
    } else if (vtt && blankAt(index - 1) && /^(NOTE|STYLE|REGION)(\s|$)/.test(line)) {
      inSkippedBlock = true;
      current = undefined;
    } else if (inSkippedBlock) {
      if (line === '') inSkippedBlock = false;
    } else if (current && line.trim() !== '') {
      current.raw.push(line);
    }
  });
  return collected.map(({ cue, raw }) => {
    cue.lines = cleanLines(raw, cue);
    return cue;
  });
}

/**
 * Turns cues into paragraphs and timed segments. In rolling captions (YouTube's automatic ones)
 * each cue repeats the previous line before adding new words; that repeated prefix is dropped.
 */
export function buildTranscript(cues: readonly Cue[]): Transcript {
  const ordered = [...cues].sort((a, b) => a.start - b.start);
  // Each cue's words are split and normalized once; both passes compare the normalized forms.
  const tokenized = ordered.map(tokenize);
  const rolling = isRolling(ordered, tokenized);
  const segments: TranscriptSegment[] = [];
  const paragraphs: string[] = [];
  let paragraph = '';
  let previousWords: string[] = [];
  let previousEnd: number | undefined;
  let previousSpeaker: string | undefined;

  for (const [index, cue] of ordered.entries()) {
    const { words, normalized } = tokenized[index]!;
    const fresh = rolling ? words.slice(overlap(previousWords, normalized)) : words;
    if (words.length > 0) previousWords = normalized.slice(-OVERLAP_WINDOW_WORDS);
    if (fresh.length === 0) continue;
    const text = fresh.join(' ');
    segments.push({ start_s: round(cue.start), dur_s: round(Math.max(0, cue.end - cue.start)), text });

    const speakerChanged = cue.newTurn === true || (cue.speaker !== undefined && cue.speaker !== previousSpeaker);
    const gap = previousEnd === undefined ? 0 : cue.start - previousEnd;
    const longEnough = paragraph.length >= PARAGRAPH_SOFT_CHARS && /[.!?…]["')\]]?$/.test(paragraph);
    if (paragraph !== '' && (speakerChanged || gap >= PARAGRAPH_GAP_S || longEnough || paragraph.length >= 2 * PARAGRAPH_SOFT_CHARS)) {
      paragraphs.push(paragraph);
      paragraph = '';
    }
    paragraph = paragraph === '' ? text : `${paragraph} ${text}`;
    previousEnd = cue.end;
    if (cue.speaker !== undefined) previousSpeaker = cue.speaker;
  }
  if (paragraph !== '') paragraphs.push(paragraph);

  const lastEnd = ordered.reduce((max, cue) => Math.max(max, cue.end), 0);
  return { text: paragraphs.join('\n\n'), segments, duration_s: round(lastEnd) };
}

function parseTiming(line: string): { start: number; end: number } | undefined {
  const match = TIMING_LINE.exec(line);
  if (!match) return undefined;
  const start = seconds(match.slice(1, 5));
  const end = seconds(match.slice(5, 9));
  return { start, end: Math.max(start, end) };
}

function seconds([hours, minutes, secs, fraction]: (string | undefined)[]): number {
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(secs) + Number((fraction ?? '0').padEnd(3, '0')) / 1000;
}

/**
 * Strips cue markup: voice spans (`<v Ann>` sets the speaker), class spans (`<c.colorE5E5E5>`),
 * karaoke timestamps (`<00:00:01.000>`), `<i>`/`<b>`/`<font>` tags, SSA overrides (`{\an8}`),
 * entities, and lines that are only a sound label (`[Music]`, `♪`). YouTube's `>>` speaker mark
 * becomes a speaker change.
 */
function cleanLines(lines: readonly string[], cue: Cue): string[] {
  const cleaned: string[] = [];
  for (const raw of lines) {
    const voice = /<v(?:\.[^\s>]+)*\s+([^>]+)>/.exec(raw)?.[1]?.trim();
    if (voice && cue.speaker === undefined) cue.speaker = voice;
    let line = decodeEntities(raw.replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
    if (line.startsWith('>>')) {
      line = line.replace(/^(>>\s*)+/, '');
      cue.newTurn = true;
    }
    if (line === '' || /^(\[[^\]]*\]|[♪♫\s]+)$/.test(line)) continue;
    cleaned.push(line);
  }
  return cleaned;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, name: string) => {
    if (/^#x/i.test(name)) return safeCodePoint(parseInt(name.slice(2), 16)) ?? entity;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? entity;
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Rolling captions: a good share of cues open with words the previous cue ended with. */
function isRolling(cues: readonly Cue[], tokenized: readonly TokenizedCue[]): boolean {
  let repeats = 0;
  let previous: string[] = [];
  for (const [index, cue] of cues.entries()) {
    const { normalized } = tokenized[index]!;
    const firstLineWords = (cue.lines[0] ?? '').split(' ').filter((word) => word !== '').length;
    if (previous.length > 0 && firstLineWords > 0 && overlap(previous, normalized) >= firstLineWords) repeats += 1;
    if (normalized.length > 0) previous = normalized.slice(-OVERLAP_WINDOW_WORDS);
  }
  return repeats >= 2 && repeats >= ROLLING_SHARE * (cues.length - 1);
}

interface TokenizedCue {
  words: string[];
  normalized: string[];
}

function tokenize(cue: Cue): TokenizedCue {
  const words = cue.lines.join(' ').split(' ').filter((word) => word !== '');
  return { words, normalized: words.map(normalizeWord) };
}

/** The largest k for which the last k (normalized) words of `a` are the first k of `b`. */
function overlap(a: readonly string[], b: readonly string[]): number {
  for (let k = Math.min(a.length, b.length); k > 0; k -= 1) {
    let equal = true;
    for (let index = 0; index < k && equal; index += 1) equal = a[a.length - k + index] === b[index];
    if (equal) return k;
  }
  return 0;
}

function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
