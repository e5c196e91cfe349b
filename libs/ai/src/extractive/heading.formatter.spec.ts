import { clampLine, cleanHeading, toHeading, toTitleCase, truncateAtWord } from './heading.formatter.js';

describe('headings', () => {
  it('title-cases with minor words lowercased and acronyms kept', () => {
    expect(toTitleCase('the role of the API in a well-known iPhone app')).toBe('The Role of the API in a Well-Known iPhone App');
  });

  it('makes headings without trailing punctuation', () => {
    expect(toHeading('## bulk fermentation, explained...')).toBe('Bulk Fermentation, Explained');
    expect(cleanHeading('"Why Dough Needs Time?"')).toBe('Why Dough Needs Time');
  });

  it('cuts at word boundaries', () => {
    expect(truncateAtWord('sourdough bread at home', 12)).toBe('sourdough');
    const line = clampLine('a '.repeat(100), 20);
    expect([...line].length).toBeLessThanOrEqual(20);
    expect(line.endsWith('…')).toBe(true);
  });
});
