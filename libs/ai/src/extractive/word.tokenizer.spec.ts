import { ENGLISH } from '../language/language.profile.js';
import { contentTerms, countWords, isNumber, tokenize } from './word.tokenizer.js';

describe('word tokenizer', () => {
  it('reads words lowercased, with typographic apostrophes made plain, and counts them', () => {
    expect(tokenize('Don’t feed the Starter, it’s 2024!')).toEqual(["don't", 'feed', 'the', 'starter', "it's", '2024']);
    expect(countWords('Don’t feed the Starter, it’s 2024!')).toBe(6);
    expect(countWords('  — …  ')).toBe(0);
    expect(tokenize('')).toEqual([]);
  });

  it('tells numbers from words, in any script', () => {
    expect(['2024', '٣٤', '12', 'Ⅻ'].map(isNumber)).toEqual([true, true, true, true]);
    expect(['a1', 'x', 'Zebra', 'año', '1a', 'straße'].map(isNumber)).toEqual([false, false, false, false, false, false]);
  });

  it('keeps the stems of words that carry meaning: no stopwords, bare numbers or one-letter words', () => {
    expect(contentTerms('The 2 starters were feeding in 2024, a crumb', ENGLISH)).toEqual(['starter', 'feed', 'crumb']);
  });
});
