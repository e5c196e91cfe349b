import { tokenize } from '../extractive/word.tokenizer.js';
import { ENGLISH } from '../language/language.profile.js';
import { fourGrams, maxPairwiseGramOverlap, maxPairwiseOverlap, overlapOf, pairwiseGramOverlaps, pairwiseOverlaps } from './ngram-overlap.js';

describe('fourGrams', () => {
  /** The plain reading: every window of four words, in order, unless all four are function words. */
  function reference(text: string): string[] {
    const words = tokenize(text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const grams: string[] = [];
    for (let i = 0; i + 4 <= words.length; i += 1) {
      const gram = words.slice(i, i + 4);
      if (!gram.every((word) => ENGLISH.stopwords.has(word))) grams.push(gram.join(' '));
    }
    return [...new Set(grams)];
  }

  it('keeps each run of four words once, leaving out runs of function words only and link targets', () => {
    const text = 'At the end of the day the [starter](https://x.test/a) rises, and then the starter rises again and again and again.';
    const grams = fourGrams(text, ENGLISH);
    expect([...grams]).toEqual(reference(text));
    expect(grams.has('the day the starter')).toBe(true);
    expect([...grams].some((gram) => gram.includes('https'))).toBe(false);
    expect(fourGrams('Too short here', ENGLISH).size).toBe(0);
  });
});

describe('overlaps from 4-grams', () => {
  const texts = [
    'The starter needs feeding every single day before the bake.',
    'Bulk fermentation takes about five hours at room temperature.',
    'The starter needs feeding every single day, then it doubles.',
  ];

  it('gives what the text versions give', () => {
    const grams = texts.map((text) => fourGrams(text, ENGLISH));
    expect(pairwiseGramOverlaps(grams)).toEqual(pairwiseOverlaps(texts, ENGLISH));
    expect(maxPairwiseGramOverlap(grams)).toBe(maxPairwiseOverlap(texts, ENGLISH));
    expect(maxPairwiseGramOverlap(grams)).toBe(overlapOf(grams[0]!, grams[2]!));
    expect(maxPairwiseGramOverlap(grams)).toBeGreaterThan(0.5);
    expect(maxPairwiseGramOverlap(grams.slice(0, 1))).toBe(0);
  });
});
