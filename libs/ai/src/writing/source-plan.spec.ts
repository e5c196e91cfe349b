import { DomainError } from '@app/shared';
import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { planSource, assertSourceLongEnough, MIN_SOURCE_WORDS } from './source-plan.js';

const TALK = [
  'Hi everyone, thank you so much for having me. (Applause) Good morning!',
  '',
  "SPEAKER 1: So, um, today I want to talk about build times, because, you know, they decide how teams work. We- we measured ours. (Laughter) It took forty-seven minutes.",
  '',
  "Don't forget to like and subscribe. That's it for today. Thanks for watching!",
].join('\n');

describe('planSource', () => {
  it('keeps only the talk: no stage directions, labels, greetings, fillers, false starts, calls to subscribe or sign-offs', () => {
    const plan = planSource(TALK);
    expect(plan.sentences.map((sentence) => sentence.text)).toEqual([
      'Today I want to talk about build times, because they decide how teams work.',
      'We measured ours.',
      'It took forty-seven minutes.',
    ]);
    expect(plan.text).not.toMatch(/applause|laughter|speaker|\bum\b|subscribe|thanks for watching|thank you/i);
  });

  it('points every sentence at its place in the original text, which it leaves untouched', () => {
    const plan = planSource(TALK);
    for (const sentence of plan.sentences) {
      expect(sentence.start).toBeGreaterThanOrEqual(0);
      expect(sentence.end).toBeLessThanOrEqual(TALK.length);
      const original = TALK.slice(sentence.start, sentence.end);
      for (const word of sentence.text.replace(/[^\p{L}\s-]/gu, '').split(/\s+/).slice(-3)) expect(original).toContain(word);
    }
    expect(plan.sentences.map((sentence) => sentence.n)).toEqual([1, 2, 3]);
  });

  it('numbers each distinct sentence once (a sentence said twice is kept once)', () => {
    const plan = planSource('The oven must be hot. Preheat it for an hour. The oven must be hot. Then bake the loaf.');
    expect(plan.sentences.map((sentence) => sentence.text)).toEqual(['The oven must be hot.', 'Preheat it for an hour.', 'Then bake the loaf.']);
  });

  it('gives a caption sentence its seconds and a PDF sentence its page', () => {
    const text = 'The garage had fans and steady temperatures. Mushrooms need fresh air.\n\nWe sell to restaurants nearby.';
    const timed = planSource(text, {
      segments: [
        { start_s: 10, dur_s: 4, text: 'The garage had fans and steady temperatures.' },
        { start_s: 14, dur_s: 3, text: 'Mushrooms need fresh air.' },
        { start_s: 20, dur_s: 5, text: 'We sell to restaurants nearby.' },
      ],
    });
    expect(timed.sentences.map((sentence) => [sentence.start_s, sentence.end_s])).toEqual([[10, 14], [14, 17], [20, 25]]);
    const paged = planSource(text, { page_offsets: [{ page: 1, start: 0, end: 70 }, { page: 2, start: 72, end: text.length }] });
    expect(paged.sentences.map((sentence) => sentence.page)).toEqual([1, 1, 2]);
  });

  it('detects the language and splits and cleans with its rules', () => {
    const spanish = planSource(
      'Hola a todos, hoy vamos a hablar de la masa madre y de cómo se alimenta cada día. La Sra. García la alimenta con harina y agua. (Risas) Suscríbete al canal para más recetas.',
    );
    expect(spanish.language).toBe('es');
    expect(spanish.sentences.map((sentence) => sentence.text)).toEqual([
      'Hoy vamos a hablar de la masa madre y de cómo se alimenta cada día.',
      'La Sra. García la alimenta con harina y agua.',
    ]);
    expect(planSource('Der Teig braucht viel Zeit. Wir backen z.B. Brot und Kuchen am Wochenende.').language).toBe('de');
    expect(planSource(SAMPLE_TRANSCRIPT).language).toBe('en');
  });

  it('takes the source’s own title and headings out of the prose and keeps them as # and ## lines', () => {
    const plan = planSource('# Rotating credentials\n\nTwo users take turns.\n\n## The procedure\n\n1. Change the idle user.\n2. Switch the active one.\n\n```sql\nALTER USER x;\n```\n');
    expect(plan.headings.map((heading) => heading.text)).toEqual(['Rotating credentials', 'The procedure']);
    expect(plan.text).toBe('# Rotating credentials\n\nTwo users take turns.\n\n## The procedure\n\nChange the idle user.\n\nSwitch the active one.');
    expect(plan.sentences.map((sentence) => sentence.text)).not.toContain('ALTER USER x;');
  });

  it('answers 422 source_too_short naming the minimum for a note of twenty words', () => {
    const plan = planSource('Remember to water the basil on the balcony twice a week and move it inside before the first frost arrives.');
    expect(() => assertSourceLongEnough(plan)).toThrow(DomainError);
    try {
      assertSourceLongEnough(plan);
    } catch (error) {
      expect(error).toMatchObject({ code: 'source_too_short', details: { min_words: MIN_SOURCE_WORDS, words: 20 } });
      expect((error as Error).message).toContain(`at least ${MIN_SOURCE_WORDS} words`);
    }
    expect(() => assertSourceLongEnough(planSource(SAMPLE_TRANSCRIPT))).not.toThrow();
  });
});
