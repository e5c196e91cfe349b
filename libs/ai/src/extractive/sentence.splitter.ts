import { SPOKEN_FILLERS } from './english-stopwords.constant.js';

/** Words that end with a period without ending the sentence (compared lowercased, without the dot). */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  `mr mrs ms mx dr prof sr jr st mt ft vs etc approx appt apt dept est inc ltd co corp llc no nos fig figs vol vols
  ed eds eg ie cf al op ch pp sec min max avg jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat
  sun gen col capt lt sgt rev hon gov sen rep pres univ assn bros dist div est misc tel ext`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

const BOUNDARY = /[.!?…]+["'”’)\]]*(?=\s|$)/g;
const LONG_SENTENCE_WORDS = 60;
const CHUNK_WORDS = 30;

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

function endsWithAbbreviation(before: string): boolean {
  const token = /(\S+)$/.exec(before)?.[1]?.replace(/^["'“‘([]+/, '') ?? '';
  if (token.length === 0) return false;
  const bare = token.toLowerCase().replace(/\./g, '');
  if (/^\p{L}$/u.test(token)) return true; // an initial: "J. Smith"
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return true; // "e.g", "U.S", "a.m"
  return ABBREVIATIONS.has(bare);
}

/** Unpunctuated speech (auto captions) would otherwise be one endless sentence. */
function chunkLongSentence(sentence: string): string[] {
  const words = sentence.split(' ');
  if (words.length <= LONG_SENTENCE_WORDS) return [sentence];
  const pieces = Math.ceil(words.length / CHUNK_WORDS);
  const size = Math.ceil(words.length / pieces);
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += size) chunks.push(words.slice(i, i + size).join(' '));
  return chunks;
}

/** Sentences of one paragraph (whitespace already collapsed). */
export function splitParagraphSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    const rest = paragraph.slice(end).trimStart();
    if (rest.length === 0) break;
    if (match[0].startsWith('.') && !match[0].startsWith('..') && endsWithAbbreviation(paragraph.slice(start, match.index))) continue;
    if (/^\p{Ll}/u.test(rest)) continue;
    sentences.push(paragraph.slice(start, end).trim());
    start = end;
  }
  const last = paragraph.slice(start).trim();
  if (last.length > 0) sentences.push(last);
  return sentences.flatMap(chunkLongSentence);
}

/** Sentences grouped by paragraph, in source order. */
export function splitSentencesByParagraph(text: string): string[][] {
  return splitParagraphs(text).map(splitParagraphSentences);
}

export function splitSentences(text: string): string[] {
  return splitSentencesByParagraph(text).flat();
}

const FILLER = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SPOKEN_FILLERS.join('|')})(?![\\p{L}\\p{N}])[,.]?\\s*`, 'giu');
const LEADING_MARKERS = /^(?:(?:so|and|okay|ok|yeah|alright|anyway|well|right|honestly|basically)\b,?\s+)+/i;
const REPEATED_WORD = /\b(\p{L}+)(\s+\1\b)+/giu;

/** Turns a spoken sentence into a written one: drops fillers, stutters and leading discourse markers. */
export function cleanSpokenSentence(sentence: string): string {
  let text = sentence.replace(FILLER, '').replace(REPEATED_WORD, '$1').replace(/\s+/g, ' ').trim();
  const stripped = text.replace(LEADING_MARKERS, '');
  if (stripped.split(' ').length >= 4) text = stripped;
  text = text.replace(/\s+([,.;:!?])/g, '$1').replace(/^[,;:\s]+/, '');
  if (text.length === 0) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
