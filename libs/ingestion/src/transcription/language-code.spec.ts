import { toLanguageCode } from './language-code.js';

describe('toLanguageCode', () => {
  it.each([
    ['english', 'en'],
    ['German', 'de'],
    ['  french ', 'fr'],
    ['en', 'en'],
    ['PT', 'pt'],
    ['mandarin', 'zh'],
    ['castilian', 'es'],
    ['haitian creole', 'ht'],
    ['cantonese', 'yue'],
  ])('maps %j to %j', (value, code) => {
    expect(toLanguageCode(value)).toBe(code);
  });

  it.each([undefined, null, '', 'klingonese', 'zz'])('gives null for %j', (value) => {
    expect(toLanguageCode(value)).toBeNull();
  });
});
