import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';

/** A range of a text: `start` inclusive, `end` exclusive (UTF-16 offsets). */
export interface TextSpan {
  start: number;
  end: number;
}

// A sentence end followed by space (Latin scripts), or an ideographic one (CJK writes no space after it).
const BOUNDARY = /[.!?…]+["'”’)\]]*(?=\s|$)|[。！？]+[」』”’)）]*/gu;
const LONG_SENTENCE_WORDS = 60;
const CHUNK_WORDS = 30;
const PARAGRAPH_BREAK = /\n[ \t]*\n/g;

/** Where each paragraph (text between blank lines) lies, trimmed; empty ones are left out. */
export function paragraphSpans(text: string, within: TextSpan = { start: 0, end: text.length }): TextSpan[] {
  const spans: TextSpan[] = [];
  const push = (start: number, end: number): void => {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trail = slice.length - slice.trimEnd().length;
    if (start + lead < end - trail) spans.push({ start: start + lead, end: end - trail });
  };
  const body = text.slice(within.start, within.end);
  let at = 0;
  for (const match of body.matchAll(PARAGRAPH_BREAK)) {
    push(within.start + at, within.start + match.index);
    at = match.index + match[0].length;
  }
  push(within.start + at, within.end);
  return spans;
}

export function splitParagraphs(text: string): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  return paragraphSpans(normalized).map((span) => collapse(normalized.slice(span.start, span.end)));
}

/** Whitespace other than single spaces: what collapsing whitespace would change. */
const UNCOLLAPSED = /\s\s|[^\S ]/;

function collapse(text: string): string {
  return (UNCOLLAPSED.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

function endsWithAbbreviation(before: string, profile: LanguageProfile): boolean {
  const token = /(\S+)$/.exec(before)?.[1]?.replace(/^["'“‘([¿¡]+/, '') ?? '';
  if (token.length === 0) return false;
  const bare = token.toLowerCase().replace(/\./g, '');
  if (/^\p{L}$/u.test(token)) return true; // an initial: "J. Smith"
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return true; // "e.g", "U.S", "z.B", "a.m"
  return profile.abbreviations.has(bare);
}

/** Unpunctuated speech (auto captions) would otherwise be one endless sentence: cut it into pieces of about CHUNK_WORDS words. */
function chunkLongSentence(text: string, span: TextSpan): TextSpan[] {
  // More than LONG_SENTENCE_WORDS words take at least twice as many characters (a space between each two).
  if (span.end - span.start <= 2 * LONG_SENTENCE_WORDS) return [span];
  const words = [...text.slice(span.start, span.end).matchAll(/\S+/g)];
  if (words.length <= LONG_SENTENCE_WORDS) return [span];
  const pieces = Math.ceil(words.length / CHUNK_WORDS);
  const size = Math.ceil(words.length / pieces);
  const chunks: TextSpan[] = [];
  for (let i = 0; i < words.length; i += size) {
    const first = words[i]!;
    const last = words[Math.min(words.length, i + size) - 1]!;
    chunks.push({ start: span.start + first.index, end: span.start + last.index + last[0].length });
  }
  return chunks;
}

/** Where each sentence of one paragraph lies in `text`. */
export function sentenceSpans(text: string, paragraph: TextSpan, profile: LanguageProfile = ENGLISH): TextSpan[] {
  const body = text.slice(paragraph.start, paragraph.end);
  const spans: TextSpan[] = [];
  let start = 0;
  const push = (from: number, to: number): void => {
    const slice = body.slice(from, to);
    const lead = slice.length - slice.trimStart().length;
    const trail = slice.length - slice.trimEnd().length;
    if (from + lead < to - trail) spans.push({ start: paragraph.start + from + lead, end: paragraph.start + to - trail });
  };
  for (const match of body.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    const rest = body.slice(end).trimStart();
    if (rest.length === 0) break;
    if (match[0].startsWith('.') && !match[0].startsWith('..') && endsWithAbbreviation(body.slice(start, match.index), profile)) continue;
    if (/^\p{Ll}/u.test(rest)) continue;
    push(start, end);
    start = end;
  }
  push(start, body.length);
  return spans.flatMap((span) => chunkLongSentence(text, span));
}

/** Sentences of one paragraph (whitespace collapsed). */
export function splitParagraphSentences(paragraph: string, profile: LanguageProfile = ENGLISH): string[] {
  return sentenceSpans(paragraph, { start: 0, end: paragraph.length }, profile).map((span) => collapse(paragraph.slice(span.start, span.end)));
}

/** Sentences grouped by paragraph, in source order. */
export function splitSentencesByParagraph(text: string, profile: LanguageProfile = ENGLISH): string[][] {
  return splitParagraphs(text).map((paragraph) => splitParagraphSentences(paragraph, profile));
}

export function splitSentences(text: string, profile: LanguageProfile = ENGLISH): string[] {
  return splitSentencesByParagraph(text, profile).flat();
}
