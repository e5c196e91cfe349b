import { languageProfile } from '../language/language.profile.js';
import { paragraphSpans, sentenceSpans, splitParagraphs, splitSentences } from './sentence.splitter.js';

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

describe('sentenceSpans', () => {
  it('points each sentence at its place in the original text', () => {
    const text = 'First one.  Second\none!\n\nThird?';
    const [first, second] = paragraphSpans(text);
    expect(sentenceSpans(text, first!).map((span) => text.slice(span.start, span.end))).toEqual(['First one.', 'Second\none!']);
    expect(sentenceSpans(text, second!)).toEqual([{ start: text.indexOf('Third'), end: text.length }]);
  });

  it('uses the language’s abbreviations', () => {
    const german = languageProfile('de');
    expect(splitSentences('Wir backen z.B. Brot usw. und Kuchen. Dann ruht der Teig.', german)).toEqual([
      'Wir backen z.B. Brot usw. und Kuchen.',
      'Dann ruht der Teig.',
    ]);
    expect(splitSentences('Lo dijo la Sra. García en la radio. Después se fue.', languageProfile('es'))).toEqual([
      'Lo dijo la Sra. García en la radio.',
      'Después se fue.',
    ]);
  });
});

describe('long unpunctuated speech', () => {
  it('is cut into pieces once a sentence has more than 60 words, and only then', () => {
    const words = (count: number): string => Array.from({ length: count }, (_, i) => (i === 0 ? 'So' : 'a')).join(' ');
    expect(splitSentences(words(60))).toEqual([words(60)]);
    const pieces = splitSentences(words(61));
    expect(pieces).toHaveLength(3);
    expect(pieces.join(' ')).toBe(words(61));
  });
});
