import { SAMPLE_TRANSCRIPT } from './__fixtures__/sample-text.js';
import { ENGLISH_STOPWORDS } from './english-stopwords.constant.js';
import { extractKeyphrases } from './keyphrase.extractor.js';

describe('extractKeyphrases', () => {
  it('finds the recurring topics of the sample among its top phrases', () => {
    const top = extractKeyphrases(SAMPLE_TRANSCRIPT, { limit: 15 }).map((phrase) => phrase.phrase.toLowerCase());
    expect(top).toContain('bulk fermentation');
    expect(top).toContain('dutch oven');
  });

  it('never starts or ends a phrase with a stopword and keeps proper-noun case', () => {
    const phrases = extractKeyphrases(SAMPLE_TRANSCRIPT);
    for (const { phrase } of phrases) {
      const words = phrase.toLowerCase().split(' ');
      expect(ENGLISH_STOPWORDS.has(words[0] ?? '')).toBe(false);
      expect(ENGLISH_STOPWORDS.has(words[words.length - 1] ?? '')).toBe(false);
    }
    expect(phrases.map((phrase) => phrase.phrase)).toContain('Dutch oven');
  });

  it('is deterministic and returns nothing for empty text', () => {
    expect(extractKeyphrases(SAMPLE_TRANSCRIPT)).toEqual(extractKeyphrases(SAMPLE_TRANSCRIPT));
    expect(extractKeyphrases('')).toEqual([]);
  });
});
