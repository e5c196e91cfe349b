import { cleanSpokenSentence, splitParagraphs, splitSentences } from './sentence.splitter.js';

describe('splitSentences', () => {
  it('splits at sentence ends followed by a capital', () => {
    expect(splitSentences('The dough rises. Then we shape it! Is it ready? Yes.')).toEqual([
      'The dough rises.',
      'Then we shape it!',
      'Is it ready?',
      'Yes.',
    ]);
  });

  it('does not split after abbreviations, initials or inside decimals', () => {
    expect(splitSentences('Dr. Smith met Mr. J. R. Tolkien at 3.5 p.m. on Jan. 4. The U.S. team e.g. agreed. It worked.')).toEqual([
      'Dr. Smith met Mr. J. R. Tolkien at 3.5 p.m. on Jan. 4.',
      'The U.S. team e.g. agreed.',
      'It worked.',
    ]);
  });

  it('does not split when the next word is lowercase', () => {
    expect(splitSentences('Bake it approx. twenty minutes... then check it. Done.')).toEqual(['Bake it approx. twenty minutes... then check it.', 'Done.']);
  });

  it('keeps paragraphs apart and cuts unpunctuated speech into short pieces', () => {
    expect(splitParagraphs('One.\n\nTwo\nlines.\r\n\r\nThree.')).toEqual(['One.', 'Two lines.', 'Three.']);
    const rambling = Array.from({ length: 130 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitSentences(rambling);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((piece) => piece.split(' ').length <= 60)).toBe(true);
    expect(pieces.join(' ')).toBe(rambling);
  });
});

describe('cleanSpokenSentence', () => {
  it('drops fillers, stutters and leading discourse markers', () => {
    expect(cleanSpokenSentence('So, um, the the starter needs, uh, feeding every day.')).toBe('The starter needs, feeding every day.');
    expect(cleanSpokenSentence('Okay so we mix the flour and water.')).toBe('We mix the flour and water.');
  });
});
