import { cleanSpokenSentence, maskSpokenMarkup } from './spoken-noise.cleaner.js';

describe('maskSpokenMarkup', () => {
  it('blanks stage directions, bracketed notes and timestamps without moving any offset', () => {
    const text = 'It failed twice. (Laughter) [Applause] Then it worked [inaudible 00:12]. ♪ la la ♪ We shipped.\n[00:12:45] The end.';
    const masked = maskSpokenMarkup(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/Laughter|Applause|inaudible|♪|00:12/);
    expect(masked.indexOf('Then it worked')).toBe(text.indexOf('Then it worked'));
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('It failed twice. Then it worked . We shipped. The end.');
  });

  it('keeps parentheses, links and brackets that are part of the writing', () => {
    const text = 'Use the Application Programming Interface (API) and see [the docs](https://example.com) or arr[0] (music theory aside).';
    expect(maskSpokenMarkup(text)).toBe(text);
  });

  it('turns speaker labels into paragraph breaks: roles, names in capitals, and names that label several turns', () => {
    const text = 'INTERVIEWER: Why Rust?\nMaria Lopez: Because of safety. It matters.\nINTERVIEWER: And then?\nMaria Lopez: We rewrote it.\nNote: this stays.';
    const masked = maskSpokenMarkup(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/INTERVIEWER|Maria Lopez/);
    expect(masked).toContain('Note: this stays.');
    expect(masked.split(/\n[ \t]*\n/).map((part) => part.trim()).filter(Boolean)).toEqual([
      'Why Rust?',
      'Because of safety. It matters.',
      'And then?',
      'We rewrote it.\nNote: this stays.',
    ]);
  });

  it('reads Spanish and German stage directions', () => {
    expect(maskSpokenMarkup('Funciona. (Risas) Sí.', 'es').replace(/\s+/g, ' ')).toBe('Funciona. Sí.');
    expect(maskSpokenMarkup('Es geht. [Applaus] Gut.', 'de').replace(/\s+/g, ' ')).toBe('Es geht. Gut.');
  });
});

describe('cleanSpokenSentence', () => {
  it('drops greetings, sign-offs and calls to like and subscribe', () => {
    expect(cleanSpokenSentence('Hey everyone, and welcome back to the kitchen.')).toBe('');
    expect(cleanSpokenSentence("Hi everyone, welcome back, today we're baking rye bread from scratch.")).toBe("Today we're baking rye bread from scratch.");
    expect(cleanSpokenSentence("That's it for today.")).toBe('');
    expect(cleanSpokenSentence('Thank you so much.')).toBe('');
    expect(cleanSpokenSentence('Thanks for watching, and see you next time!')).toBe('');
    expect(cleanSpokenSentence("If this helped, don't forget to like and subscribe.")).toBe('');
    expect(cleanSpokenSentence('Leave a comment below with your questions.')).toBe('');
  });

  it('keeps a sentence that only mentions thanks in passing', () => {
    expect(cleanSpokenSentence('Thanks to the autolyse, the gluten starts forming without any kneading at all.')).toBe(
      'Thanks to the autolyse, the gluten starts forming without any kneading at all.',
    );
  });

  it('drops fillers, clause-opening hedges, stutters and false starts', () => {
    expect(cleanSpokenSentence('So, um, the the starter needs, uh, feeding every day.')).toBe('The starter needs feeding every day.');
    expect(cleanSpokenSentence('I was, um, looking for cheap space for a vegetable project.')).toBe('I was looking for cheap space for a vegetable project.');
    expect(cleanSpokenSentence('Okay so we mix the flour and water.')).toBe('We mix the flour and water.');
    expect(cleanSpokenSentence('You know, the dough is, like, really sticky at this point.')).toBe('The dough is really sticky at this point.');
    expect(cleanSpokenSentence('Sort of the hardest part is waiting for the oven.')).toBe('The hardest part is waiting for the oven.');
    expect(cleanSpokenSentence('We were- we were trying to ship a compiler in a month.')).toBe('We were trying to ship a compiler in a month.');
    expect(cleanSpokenSentence("It's, it's a hard problem when nobody owns the build.")).toBe("It's a hard problem when nobody owns the build.");
    expect(cleanSpokenSentence('The pro- the process takes a full day, right?')).toBe('The process takes a full day.');
  });

  it('collapses any whitespace and leaves a clean sentence as it is', () => {
    expect(cleanSpokenSentence(' The\tstarter  needs\u00a0feeding ,  every day. ')).toBe('The starter needs feeding, every day.');
    expect(cleanSpokenSentence('Bulk fermentation takes about five hours at room temperature.')).toBe('Bulk fermentation takes about five hours at room temperature.');
    expect(cleanSpokenSentence('We rewrote it twice… twice, and it worked.')).toBe('We rewrote it twice, and it worked.');
    expect(cleanSpokenSentence('The well-known trick is a cold proof overnight.')).toBe('The well-known trick is a cold proof overnight.');
  });

  it('cleans Spanish and German speech', () => {
    expect(cleanSpokenSentence('Hola a todos, hoy vamos a hablar de la masa madre.', 'es')).toBe('Hoy vamos a hablar de la masa madre.');
    expect(cleanSpokenSentence('Eh, o sea, la masa necesita tiempo para fermentar.', 'es')).toBe('La masa necesita tiempo para fermentar.');
    expect(cleanSpokenSentence('Suscríbete al canal para más recetas.', 'es')).toBe('');
    expect(cleanSpokenSentence('Also, ähm, der Teig braucht viel Zeit zum Gehen.', 'de')).toBe('Der Teig braucht viel Zeit zum Gehen.');
  });
});
