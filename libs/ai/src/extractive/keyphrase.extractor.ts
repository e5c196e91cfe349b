import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { isNumber } from './word.tokenizer.js';

export interface Keyphrase {
  /** The phrase as written in the source (proper nouns and acronyms keep their case). */
  phrase: string;
  /** Stemmed, lowercased words joined by spaces: two phrases with the same key are the same phrase. */
  key: string;
  score: number;
  count: number;
}

export interface KeyphraseOptions {
  limit?: number;
  maxWords?: number;
  profile?: LanguageProfile;
}

const NUMBER_WORDS: ReadonlySet<string> = new Set(
  `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
  eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion half
  quarter third percent once twice`.split(/\s+/),
);

const FRAGMENT_BREAK = /[.,;:!?()[\]{}"“”‘…–—/\\|]+|\s-\s|\n/;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Nouns that look like -ly adverbs; every other long -ly word ("genuinely", "lightly") splits a phrase. */
const LY_NOUNS: ReadonlySet<string> = new Set(
  'family supply assembly italy july reply anomaly monopoly butterfly jelly belly rally bully holly lily poly rely apply'.split(' '),
);

/** Units and generic nouns: common in any text, never what a section is about. */
const GENERIC_WORDS: ReadonlySet<string> = new Set(
  `gram grams kilogram kilograms kg ml litre liter litres liters minute minutes hour hours second seconds degree degrees
  celsius fahrenheit cup cups inch inches centimeter centimeters centimetre centimetres percent time times way ways
  people person day days week weeks year years today tomorrow yesterday part parts bit bits piece pieces example
  examples everyone video videos`.split(/\s+/),
);

function breaksPhrase(lower: string, profile: LanguageProfile): boolean {
  return (
    profile.stopwords.has(lower) ||
    GENERIC_WORDS.has(lower) ||
    NUMBER_WORDS.has(lower) ||
    lower.length < 2 ||
    isNumber(lower) ||
    lower.includes("'") || lower.includes('’') ||
    (profile.code === 'en' && lower.length >= 6 && lower.endsWith('ly') && !LY_NOUNS.has(lower))
  );
}

interface Candidate {
  key: string;
  words: string[];
  stems: string[];
  count: number;
  first: number;
}

/**
 * RAKE: candidate phrases are runs of content words between stopwords and punctuation; a word
 * scores degree/frequency over the candidates, a phrase the mean of its words, weighted by how
 * often the phrase occurs and (mildly) by its length.
 */
export function extractKeyphrases(text: string, options: KeyphraseOptions = {}): Keyphrase[] {
  const maxWords = options.maxWords ?? 4;
  const profile = options.profile ?? ENGLISH;
  const stem = (word: string): string => profile.stem(word);
  const casing = new Map<string, string>();
  const candidates = new Map<string, Candidate>();
  let order = 0;

  const addRun = (run: string[]): void => {
    if (run.length === 0 || run.length > maxWords) return;
    const stems = run.map(stem);
    const key = stems.join(' ');
    const existing = candidates.get(key);
    if (existing) existing.count += 1;
    else candidates.set(key, { key, words: run, stems, count: 1, first: order++ });
  };

  for (const fragment of text.split(FRAGMENT_BREAK)) {
    let run: string[] = [];
    let position = 0;
    for (const surface of fragment.match(WORD) ?? []) {
      const lower = surface.toLowerCase();
      if (surface === lower) casing.set(lower, lower);
      else if (!casing.has(lower) && position > 0) casing.set(lower, surface);
      position += 1;
      if (breaksPhrase(lower, profile)) {
        addRun(run);
        run = [];
      } else run.push(lower);
    }
    addRun(run);
  }

  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const candidate of candidates.values()) {
    for (const s of candidate.stems) {
      frequency.set(s, (frequency.get(s) ?? 0) + candidate.count);
      degree.set(s, (degree.get(s) ?? 0) + candidate.count * candidate.words.length);
    }
  }

  const phrases: (Keyphrase & { first: number })[] = [];
  for (const candidate of candidates.values()) {
    const wordScores = candidate.stems.map((s) => (degree.get(s) ?? 0) / (frequency.get(s) ?? 1));
    const mean = wordScores.reduce((sum, value) => sum + value, 0) / wordScores.length;
    const score = candidate.count * mean * (1 + 0.5 * (candidate.words.length - 1));
    const phrase = candidate.words.map((word) => casing.get(word) ?? word).join(' ');
    phrases.push({ phrase, key: candidate.key, score, count: candidate.count, first: candidate.first });
  }
  phrases.sort((a, b) => b.score - a.score || a.first - b.first);
  return phrases.slice(0, options.limit ?? phrases.length).map(({ phrase, key, score, count }) => ({ phrase, key, score, count }));
}
