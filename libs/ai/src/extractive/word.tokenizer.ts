import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Words of a text in order, lowercased, with typographic apostrophes made plain. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    words.push(word.includes('’') ? word.replace(/’/g, "'") : word);
  }
  return words;
}

export function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(WORD)) count += 1;
  return count;
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
  for (const word of tokenize(text)) {
    if (word.length < 2 || profile.stopwords.has(word) || /^\p{N}+$/u.test(word)) continue;
    terms.push(profile.stem(word));
  }
  return terms;
}
