import { ENGLISH_STOPWORDS } from './english-stopwords.constant.js';

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

export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word);
}

/** A deliberately light suffix stripper: enough to let "loaves"/"loaf" differ but "folds"/"fold" meet. */
export function stem(word: string): string {
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  return w;
}

/** Stemmed words that carry meaning: no stopwords, no bare numbers, no one-letter words. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of tokenize(text)) {
    if (word.length < 2 || isStopword(word) || /^\p{N}+$/u.test(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}
