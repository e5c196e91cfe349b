import { ENGLISH_NOISE, noisePatternsFor, type SpokenNoisePatterns } from './spoken-noise.patterns.js';

/**
 * Turns spoken sources into text a post can quote. Two passes: `maskSpokenMarkup` blanks what is
 * not speech at all (stage directions, timestamps, speaker labels) with spaces of the same length,
 * so every offset into the original text still holds; `cleanSpokenSentence` then rewrites one
 * sentence as written prose, or drops it when it is only a greeting, a sign-off or a call to subscribe.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest first, so "thank you so much" wins over "thank you". */
function alternation(phrases: readonly string[]): string {
  return [...new Set(phrases)]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => escape(phrase).replace(/'/g, "['’]").replace(/ /g, '\\s+'))
    .join('|');
}

function merged(code: string): SpokenNoisePatterns {
  const all = noisePatternsFor(code);
  const pick = (key: keyof SpokenNoisePatterns): string[] => all.flatMap((patterns) => patterns[key]);
  return {
    stageDirections: pick('stageDirections'),
    greetings: pick('greetings'),
    signOffs: pick('signOffs'),
    callsToAction: pick('callsToAction'),
    fillers: pick('fillers'),
    clauseOpeners: pick('clauseOpeners'),
    sentenceOpeners: pick('sentenceOpeners'),
    speakerRoles: pick('speakerRoles'),
  };
}

interface CompiledNoise {
  stageDirection: RegExp;
  timestamp: RegExp;
  roleLabel: RegExp;
  greeting: RegExp;
  signOff: RegExp;
  callToAction: RegExp;
  filler: RegExp;
  clauseOpener: RegExp;
  sentenceOpener: RegExp;
}

/** A name addressed before a greeting or a sign-off: "Tomás, thanks for joining." */
const VOCATIVE = String.raw`(?:\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?,\s+)?`;

/** What is left of a sentence once its greeting is cut must say something on its own ("the show about farming" does not). */
const MIN_WORDS_AFTER_GREETING = 7;

const compiled = new Map<string, CompiledNoise>();

function compile(code: string): CompiledNoise {
  const cached = compiled.get(code);
  if (cached) return cached;
  const noise = code === 'en' ? ENGLISH_NOISE : merged(code);
  const directions = alternation(noise.stageDirections);
  const result: CompiledNoise = {
    // "(Laughter)", "[Applause]", "[inaudible 00:12]", "*laughs*", "♪ … ♪": never part of a word, never a Markdown link.
    // In square brackets a direction may carry a note ("[slide: build time]", "[inaudible 00:12]").
    stageDirection: new RegExp(
      String.raw`(?<![\p{L}\p{N}])(?:\(\s*(?:${directions})(?:\s+[\d:.,]{1,12})?\s*[.!]?\s*\)|\[\s*(?:${directions})(?:[\s:,–-][^\]\n]{0,80})?\](?![(:])|\*(?:${directions})\*|♪[^♪\n]{0,200}♪|[♪♫]+)`,
      'giu',
    ),
    // A timestamp in brackets anywhere, or opening a line: "[00:12:45]", "(1:02)", "00:01:23 ".
    timestamp: /(?:[[(]\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\s*[\])]|^[ \t]*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?(?:\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)?[ \t]+)/gmu,
    roleLabel: new RegExp(String.raw`^(?:${alternation(noise.speakerRoles)})(?:\s*\d{1,2})?$`, 'iu'),
    greeting: new RegExp(
      String.raw`^${VOCATIVE}(?:(?:${alternation(noise.greetings)})(?:\s+(?:back|again|everyone|everybody|all|guys|folks|friends))?(?:\s+to\s+[^,.!?;]{1,60})?[\s,.!;:–—-]*(?:(?:and|y|und|et)\s+)?)+`,
      'iu',
    ),
    signOff: new RegExp(String.raw`^${VOCATIVE}(?:${alternation(noise.signOffs)})(?![\p{L}])`, 'iu'),
    callToAction: new RegExp(String.raw`(?<![\p{L}])(?:${alternation(noise.callsToAction)})`, 'iu'),
    // A filler takes the comma before it along ("I was, um, looking" → "I was looking").
    filler: new RegExp(String.raw`(?:,\s*)?(?<![\p{L}\p{N}'’-])(?:${alternation(noise.fillers)})(?![\p{L}\p{N}'’-])[,.…]*\s*`, 'giu'),
    clauseOpener: new RegExp(String.raw`(^|[,;:–—]\s*)(?:${alternation(noise.clauseOpeners)})\s*,\s*`, 'giu'),
    sentenceOpener: new RegExp(String.raw`^(?:(?:${alternation(noise.sentenceOpeners)})(?:\s*,\s*|\s+))+`, 'iu'),
  };
  compiled.set(code, result);
  return result;
}

/** Labels that look like speaker names but are not (a how-to's "Note:", "Tip:"). */
const NOT_SPEAKERS: ReadonlySet<string> = new Set(
  `note notes tip tips warning caution important example examples update edit summary result results output input error
  hint info todo fixme source sources step steps nota notas hinweis achtung tipp beispiel ejemplo aviso attention remarque
  ps tl;dr tldr see also link links file command usage`.split(/\s+/),
);

const LABEL_AT_LINE = /^[ \t]*(?:>>\s*)?([\p{L}][\p{L}\p{N}.'’ -]{0,30}?)[ \t]*:[ \t]+(?=\S)/gmu;
const LABEL_IN_LINE = /(?<=[.!?…]["'”’)]?[ \t]+)(?:>>\s*)?([\p{L}][\p{L}\p{N}.'’ -]{0,30}?)[ \t]*:[ \t]+(?=\S)/gu;

function blank(text: string, start: number, end: number, paragraphBreak = false): string {
  const length = end - start;
  const filler = paragraphBreak && length >= 2 ? `\n\n${' '.repeat(length - 2)}` : ' '.repeat(length);
  return text.slice(0, start) + filler + text.slice(end);
}

/**
 * A speaker label: a role ("Interviewer", "Q", "Speaker 2"), a name in capitals ("MARIA:", "DR. LEE:"),
 * or a name of one or two capitalized words that labels at least two turns of the text.
 */
function isSpeakerLabel(label: string, repeated: ReadonlyMap<string, number>, noise: CompiledNoise): boolean {
  const trimmed = label.trim();
  if (trimmed.length === 0 || NOT_SPEAKERS.has(trimmed.toLowerCase())) return false;
  if (noise.roleLabel.test(trimmed)) return true;
  const words = trimmed.split(/\s+/);
  if (words.length > 3) return false;
  if (/^[\p{Lu}][\p{Lu}.'’-]+(?:\s+[\p{Lu}][\p{Lu}.'’-]*){0,2}$/u.test(trimmed)) return true;
  return words.length <= 2 && words.every((word) => /^\p{Lu}[\p{Ll}'’.-]*$/u.test(word)) && (repeated.get(trimmed) ?? 0) >= 2;
}

/**
 * The text with stage directions, bracketed notes, timestamps and speaker labels blanked out (same
 * length: offsets into it are offsets into the original). A speaker label becomes a paragraph
 * break, so each turn of an interview is its own paragraph.
 */
export function maskSpokenMarkup(text: string, code = 'en'): string {
  const noise = compile(code);
  let masked = text.replace(/\r/g, ' ');
  for (const pattern of [noise.timestamp, noise.stageDirection]) {
    masked = masked.replace(pattern, (match) => ' '.repeat(match.length));
  }
  const counts = new Map<string, number>();
  for (const match of masked.matchAll(LABEL_AT_LINE)) counts.set(match[1]!.trim(), (counts.get(match[1]!.trim()) ?? 0) + 1);
  for (const pattern of [LABEL_AT_LINE, LABEL_IN_LINE]) {
    const found = [...masked.matchAll(pattern)].filter((match) => isSpeakerLabel(match[1] ?? '', counts, noise));
    for (const match of found.reverse()) masked = blank(masked, match.index, match.index + match[0].length, true);
  }
  // YouTube's ">>" marks a new speaker.
  return masked.replace(/(?<=^|\s)>>(?=\s)/g, '\n\n');
}

const FALSE_START_REPEAT = /(?<![\p{L}'’])([\p{L}'’]+(?:\s+[\p{L}'’]+){0,3})\s*(?:[-–—]+|,|\.\.\.|…)\s+\1(?![\p{L}'’])/giu;
/** "go- going", "the pro- the process": a word cut off and said again (with the words before it). */
const CUT_OFF_WORD = /(?<![\p{L}'’])((?:[\p{L}'’]+\s+){0,2})(\p{L}{1,12})-\s+(?=\1\2)/giu;
const STUTTER = /(?<![\p{L}'’])(\p{L}+)(?:\s+\1)+(?![\p{L}'’])/giu;
/** Repeated words that are grammatical: "had had", "that that". */
const DOUBLE_WORDS_KEPT: ReadonlySet<string> = new Set(['had', 'that', 'is', 'do', 'bye', 'no', 'very', 'so', 'ha', 'la']);
const TAG_QUESTION = /,?\s*(?:you know what i mean|if you know what i mean|you know|right)\s*\?\s*$/iu;

/** The start of each whitespace-separated word that has a letter or a digit in it. */
const COUNTED_WORD = /(?:^|\s)[^\s\p{L}\p{N}]*[\p{L}\p{N}]/gu;

/** Whitespace-separated words with a letter or a digit in them. */
function words(text: string): number {
  return text.match(COUNTED_WORD)?.length ?? 0;
}

/** Whitespace other than single spaces: what collapsing whitespace would change. */
const UNCOLLAPSED = /\s\s|[^\S ]/;

function collapseWhitespace(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** What a false start needs: a dash, comma or ellipsis with whitespace after it. */
const FALSE_START_MARK = /(?:[-–—,…]|\.\.\.)\s/;

/**
 * A spoken sentence as written prose: greetings, fillers, clause-opening hedges, stutters and false
 * starts removed; '' when the sentence is only a greeting, a sign-off or a call to like and subscribe.
 */
export function cleanSpokenSentence(sentence: string, code = 'en'): string {
  const noise = compile(code);
  let text = collapseWhitespace(sentence).trim();
  if (text.length === 0 || noise.callToAction.test(text)) return '';

  const signOff = noise.signOff.exec(text);
  if (signOff && (words(text) <= 8 || (words(signOff[0]) >= 3 && words(text) <= 14))) return '';

  const greeting = noise.greeting.exec(text);
  if (greeting) {
    const rest = text.slice(greeting[0].length).trim();
    if (words(rest) < MIN_WORDS_AFTER_GREETING) return '';
    text = rest;
  }

  text = text.replace(noise.filler, ' ');
  // The tests before the costlier patterns only skip a sentence that cannot match them.
  if (FALSE_START_MARK.test(text)) text = text.replace(FALSE_START_REPEAT, '$1');
  if (text.includes('-')) text = text.replace(CUT_OFF_WORD, '');
  text = text
    .replace(STUTTER, (match: string, word: string) => (DOUBLE_WORDS_KEPT.has(word.toLowerCase()) ? match : word))
    .replace(/^[\s,;:]+/, '')
    .replace(noise.clauseOpener, (_match: string, before: string) => (before.trim().startsWith(',') ? ' ' : before));
  if (text.includes('?')) text = text.replace(TAG_QUESTION, (match) => (/\?\s*$/.test(match) ? '.' : match));
  const withoutOpener = text.replace(noise.sentenceOpener, '');
  if (words(withoutOpener) >= 4) text = withoutOpener;

  text = collapseWhitespace(
    text
      .replace(/\s+([,.;:!?…])/g, '$1')
      .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
      .replace(/^[\s,;:.…–—-]+/, ''),
  ).trim();
  if (words(text) === 0) return '';
  return text.charAt(0).toUpperCase() + text.slice(1);
}
