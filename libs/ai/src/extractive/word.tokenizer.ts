import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function plainWord(surface: string): string {
  const word = surface.toLowerCase();
  return word.includes('’') ? word.replace(/’/g, "'") : word;
}

/** Words of a text in order, lowercased, with typographic apostrophes made plain. */
export function tokenize(text: string): string[] {
  return (text.match(WORD) ?? []).map(plainWord);
}

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** A word of digits only ("2024", "٣"); a word opening with a Latin letter is none, without a Unicode test. */
export function isNumber(word: string): boolean {
  const first = word.charCodeAt(0);
  if ((first >= 97 && first <= 122) || (first >= 65 && first <= 90)) return false;
  return /^\p{N}+$/u.test(word);
}

export function isStopword(word: string, profile: LanguageProfile = ENGLISH): boolean {
  return profile.stopwords.has(word);
}

/** The language's stem of a lowercased word (English: a light suffix stripper; others: the word itself). */
export function stem(word: string, profile: LanguageProfile = ENGLISH): string {
  return profile.stem(word);
}

/** Stemmed words that carry meaning: no stopwords, no bare numbers, no one-letter words. */
export function contentTerms(text: string, profile: LanguageProfile = ENGLISH): string[] {
  const terms: string[] = [];
  for (const surface of text.match(WORD) ?? []) {
    const word = plainWord(surface);
    if (word.length < 2 || profile.stopwords.has(word) || isNumber(word)) continue;
    terms.push(profile.stem(word));
  }
  return terms;
}
