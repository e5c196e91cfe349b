import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { OPENING_CUES } from '../writing/post-frame.js';
import { stripTrailingPunctuation, toHeading, truncateAtWord } from './heading.formatter.js';
import { type NounPhrase, nounPhrases } from './noun-phrase.chunker.js';
import { splitSentences } from './sentence.splitter.js';
import { StemStream } from './stem-stream.js';
import { countWords } from './word.tokenizer.js';

/**
 * Headings and titles made of the source's own wording: its own headings when it has them, else
 * noun phrases ("Bulk Fermentation", "Template Databases") or short claims ("The Database Problem
 * Was Harder") chosen for how much they say about their part — never two keywords glued with "and".
 */

export const HEADING_MAX_CHARS = 60;
const HEADING_MAX_WORDS = 6;
const TITLE_MAX_WORDS = 8;
const CLAIM_MIN_WORDS = 4;
const CLAIM_MAX_WORDS = 9;

/** Function words a heading never ends on, once cut to length or as a model wrote it ("… de alimentos en un", "My Name Is Dana and"). */
export function trimDangling(text: string, profile: LanguageProfile = ENGLISH): string {
  const words = text.split(' ');
  while (words.length > 1 && profile.stopwords.has((words.at(-1) ?? '').toLowerCase().replace(/[^\p{L}'’]/gu, ''))) words.pop();
  return words.join(' ');
}

/** English headings in Title Case; other languages keep the source's casing with a capital first letter. */
export function formatHeading(text: string, profile: LanguageProfile = ENGLISH, maxChars = HEADING_MAX_CHARS): string {
  const cut = trimDangling(stripTrailingPunctuation(truncateAtWord(stripTrailingPunctuation(text.replace(/\s+/g, ' ').trim()), maxChars)), profile);
  if (profile.code === 'en' || profile.code === 'und') return toHeading(cut, maxChars);
  return cut.charAt(0).toUpperCase() + cut.slice(1);
}


interface Candidate {
  phrase: NounPhrase;
  /** The phrase's first position in its text, 0..1. */
  position: number;
  /** How often it stands as a whole noun phrase in the text. */
  count: number;
}

/** Distinct phrases of a text (first surface form kept) with where they first appear and how often. */
function candidatesOf(text: string, profile: LanguageProfile): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const phrases = nounPhrases(text, profile);
  phrases.forEach((phrase, index) => {
    const known = byKey.get(phrase.key);
    if (known) known.count += 1;
    else byKey.set(phrase.key, { phrase, position: index / Math.max(1, phrases.length), count: 1 });
  });
  return [...byKey.values()];
}

/** Longer phrases say more, up to a point: one word says least, five or more already ramble. */
function lengthWeight(words: number): number {
  return [0, 0.35, 1.6, 1.9, 1.9, 1.4, 1.1][words] ?? 1;
}

/** How often a phrase is used in a text: as a whole phrase, plus half of its uses inside longer ones. */
function use(candidate: Candidate, stream: StemStream): number {
  const inside = Math.max(0, stream.count(candidate.phrase.key) - candidate.count);
  return candidate.count + 0.5 * inside;
}

function fits(phrase: NounPhrase, maxWords: number, maxChars: number): boolean {
  return phrase.words.length <= maxWords && phrase.text.length <= maxChars && /\p{L}/u.test(phrase.text);
}

/** Two phrases say the same when one's words are all in the other ("starter" and "active starter"). */
function overlaps(key: string, taken: ReadonlySet<string>): boolean {
  const words = new Set(key.split(' '));
  for (const other of taken) {
    const otherWords = other.split(' ');
    if (otherWords.every((word) => words.has(word)) || [...words].every((word) => otherWords.includes(word))) return true;
  }
  return false;
}

/** A claim cannot lean on what came before it ("It ignored the queue", "That was hard"). */
const LEANING_START = /^(?:it|this|that|these|those|they|he|she|we|i|you|so|but|and|or|then|also|here|there|now|yes|no|which|what|who|es|esto|eso|ello|pero|y|entonces|er|sie|es|das|dies|aber|und|dann)\b/iu;

interface Scored {
  text: string;
  key: string;
  score: number;
}

/** Short sentences of a part that can stand alone, scored by the best phrase of the part they contain. */
function claimsOf(text: string, profile: LanguageProfile, phraseScores: ReadonlyMap<string, number>): Scored[] {
  // A claim takes the best phrase of several words it contains, the first of equals: the best first, in their order.
  const ranked = [...phraseScores].filter(([phrase, score]) => score > 0 && phrase.includes(' ')).sort((a, b) => b[1] - a[1]);
  return splitSentences(text, profile)
    .filter((sentence) => !/[?:;]$/.test(sentence.trim()) && !LEANING_START.test(sentence))
    .map((sentence) => stripTrailingPunctuation(sentence))
    .filter((sentence) => {
      if (sentence.length > HEADING_MAX_CHARS || /[,;"“”()]/.test(sentence)) return false;
      const words = countWords(sentence);
      return words >= CLAIM_MIN_WORDS && words <= CLAIM_MAX_WORDS;
    })
    .map((sentence) => {
      const stream = new StemStream(sentence, profile);
      const [key, best] = ranked.find(([phrase]) => stream.has(phrase)) ?? ['', 0];
      return { text: sentence, key: key || stream.text.trim(), score: best * 0.9 };
    })
    .filter((claim) => claim.score > 0);
}

/** Headings a source gives itself (Markdown `#` lines, plain-text heading lines), marked `## ` in the cleaned text. */
export const SOURCE_HEADING = /^## (.+)$/;

/**
 * One heading per part: the part's own source heading when it opens with one; else the best of
 * its noun phrases (used most in the part and least in the others, two to four words preferred)
 * and its short standalone claims that contain such a phrase; none repeating (or contained in)
 * another part's heading; else "Part N".
 */
export function sectionHeadings(parts: readonly string[], profile: LanguageProfile = ENGLISH, ownHeadings: readonly (string | undefined)[] = []): string[] {
  const streams = parts.map((part) => new StemStream(part, profile));
  const taken = new Set<string>();
  // Parts share many phrases: each phrase's spread over the parts is counted once.
  const spreads = new Map<string, number>();
  const distinctness = (key: string): number => {
    if (parts.length <= 1) return 1;
    let spread = spreads.get(key);
    if (spread === undefined) {
      spread = streams.filter((other) => other.has(key)).length || 1;
      spreads.set(key, spread);
    }
    return Math.log(1 + parts.length / spread) / Math.log(1 + parts.length);
  };
  const scored: Scored[][] = parts.map((part, s) => {
    const phrases = candidatesOf(part, profile)
      .filter((candidate) => fits(candidate.phrase, HEADING_MAX_WORDS, HEADING_MAX_CHARS))
      .map((candidate) => {
        const used = use(candidate, streams[s]!);
        const score = (used > 1 ? used : 0.5) * lengthWeight(candidate.phrase.words.length) * distinctness(candidate.phrase.key) * (1.1 - 0.2 * candidate.position);
        return { text: candidate.phrase.text, key: candidate.phrase.key, score };
      });
    const claims = claimsOf(part, profile, new Map(phrases.map((phrase) => [phrase.key, phrase.score])));
    // A claim wins only over a single word: a good noun phrase is the shorter, clearer heading.
    const bestPhrase = phrases.filter((phrase) => phrase.key.includes(' ')).reduce((max, phrase) => Math.max(max, phrase.score), 0);
    return [...phrases, ...claims.filter((claim) => claim.score > bestPhrase)].sort((a, b) => b.score - a.score);
  });
  const headings: string[] = parts.map((_, s) => `Part ${s + 1}`);
  ownHeadings.forEach((own, s) => {
    if (own && s < parts.length) {
      headings[s] = formatHeading(own, profile);
      taken.add(new StemStream(own, profile).text.trim());
    }
  });
  // Parts pick in order of how strong their best candidate is, so a weak part cannot take a strong part's phrase.
  const order = parts
    .map((_, s) => s)
    .filter((s) => !ownHeadings[s])
    .sort((a, b) => (scored[b]?.[0]?.score ?? 0) - (scored[a]?.[0]?.score ?? 0) || a - b);
  for (const s of order) {
    const best = scored[s]?.find((candidate) => !overlaps(candidate.key, taken));
    if (!best) continue;
    taken.add(best.key);
    headings[s] = formatHeading(best.text, profile);
  }
  return headings;
}

/**
 * A title for the whole text: its own title when it has one (a first `# ` line); else the noun
 * phrase it uses most, two to four words preferred, and preferred again when its opening states it
 * (where a source says what it is about), at most `maxChars` characters.
 */
export function postTitle(text: string, profile: LanguageProfile = ENGLISH, maxChars = HEADING_MAX_CHARS): string {
  const own = /^# (.+)$/m.exec(text.trimStart().split('\n')[0] ?? '')?.[1];
  if (own && own.length <= maxChars + 20) return formatHeading(own, profile, maxChars);
  const prose = text.replace(/^#{1,2} .*$/gm, '');
  const stream = new StemStream(prose, profile);
  const sentences = splitSentences(prose, profile);
  // Where a source says what it is about: its first sentences, and early ones like "Today I want to talk about …".
  const opening = sentences.filter((sentence, i) => i < 2 || (i < sentences.length / 4 && OPENING_CUES.test(sentence))).join(' ');
  const openingStream = new StemStream(opening, profile);
  const best = candidatesOf(prose, profile)
    .filter((candidate) => fits(candidate.phrase, TITLE_MAX_WORDS, maxChars))
    .map((candidate) => {
      const stated = openingStream.has(candidate.phrase.key) ? 1.6 : 1;
      // A one-word title ("Externalities") is fine when the whole text is about that word.
      const words = candidate.phrase.words.length;
      return { candidate, score: use(candidate, stream) * (words === 1 ? 0.6 : lengthWeight(words)) * stated };
    })
    .sort((a, b) => b.score - a.score || a.candidate.position - b.candidate.position)[0];
  return best ? formatHeading(best.candidate.phrase.text, profile, maxChars) : '';
}
