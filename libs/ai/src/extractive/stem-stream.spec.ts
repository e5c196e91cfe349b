import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { SAMPLE_TRANSCRIPT } from './__fixtures__/sample-text.js';
import { nounPhrases } from './noun-phrase.chunker.js';
import { occurrencesIn, StemStream } from './stem-stream.js';

describe('StemStream', () => {
  it('counts a phrase where it stands as a whole and inside longer phrases, by stems', () => {
    const stream = new StemStream('The sourdough starter rises. An active starter doubles; starters need flour.', ENGLISH);
    expect(stream.text).toBe(' the sourdough starter rise an active starter double starter need flour ');
    expect(stream.count('starter')).toBe(3);
    expect(stream.count('sourdough starter')).toBe(1);
    expect(stream.has('active starter')).toBe(true);
    expect(stream.has('starter sourdough')).toBe(false);
    expect(stream.count('yeast')).toBe(0);
  });

  it('counts left to right, a match starting where the previous one ended', () => {
    const stream = new StemStream('a a a a a', ENGLISH);
    expect(stream.count('a')).toBe(5);
    expect(stream.count('a a')).toBe(2);
    expect(stream.count('a a a')).toBe(1);
    expect(new StemStream('b a b a b a b', ENGLISH).count('b a b')).toBe(2);
  });

  it('counts what a search of its padded stem string counts, for every phrase of a real text and odd keys', () => {
    const parts = SAMPLE_TRANSCRIPT.split('\n\n');
    const keys = [...new Set(nounPhrases(SAMPLE_TRANSCRIPT, ENGLISH).map((phrase) => phrase.key))];
    keys.push('', ' ', 'the', 'the the', ' the', 'the ', 'a  b', 'of the');
    for (const part of [parts.slice(0, 4).join('\n\n'), parts.slice(4).join('\n\n'), '', 'the the the of the the']) {
      const stream = new StemStream(part, ENGLISH);
      for (const key of keys) {
        expect([key, stream.count(key)]).toEqual([key, occurrencesIn(stream.text, key)]);
        expect([key, stream.has(key)]).toEqual([key, occurrencesIn(stream.text, key) > 0]);
      }
    }
  });

  it('falls back to searching the string when a stem is empty or holds a space', () => {
    const odd: LanguageProfile = { ...ENGLISH, stem: (word) => (word === 'x' ? '' : word === 'y' ? 'y y' : word) };
    const stream = new StemStream('a x b y y c', odd);
    expect(stream.text).toBe(' a  b y y y y c ');
    for (const key of ['a', 'b', 'y', 'y y', 'y y y', 'a  b', '', 'c']) expect([key, stream.count(key)]).toEqual([key, occurrencesIn(stream.text, key)]);
  });
});
