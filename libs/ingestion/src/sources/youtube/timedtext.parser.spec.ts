import { parseTimedText, removeRollingRepeats } from './timedtext.parser.js';

describe('parseTimedText', () => {
  it('reads json3 events, skipping window and newline-only events', () => {
    const body = JSON.stringify({
      wireMagic: 'pb3',
      events: [
        { tStartMs: 0, dDurationMs: 90000, id: 1, wpWinPosId: 1 },
        { tStartMs: 1200, dDurationMs: 2300, segs: [{ utf8: 'hello' }, { utf8: ' there', tOffsetMs: 300 }] },
        { tStartMs: 3400, dDurationMs: 10, aAppend: 1, segs: [{ utf8: '\n' }] },
        { tStartMs: 3500, dDurationMs: 1500, segs: [{ utf8: 'second\nline' }] },
      ],
    });
    expect(parseTimedText(body)).toEqual([
      { start_s: 1.2, dur_s: 2.3, text: 'hello there' },
      { start_s: 3.5, dur_s: 1.5, text: 'second line' },
    ]);
  });

  it('reads the classic transcript XML, decoding the doubled escaping', () => {
    const body =
      '<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.5" dur="1.25">it&amp;#39;s bread &amp;amp; butter</text>' +
      '<text start="2" dur="3">&lt;b&gt;bold&lt;/b&gt; claim</text><text start="5" dur="1"></text></transcript>';
    expect(parseTimedText(body)).toEqual([
      { start_s: 0.5, dur_s: 1.25, text: "it's bread & butter" },
      { start_s: 2, dur_s: 3, text: 'bold claim' },
    ]);
  });

  it('reads srv3 XML with word spans in milliseconds', () => {
    const body = '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body><p t="1000" d="2000"><s ac="0">good</s><s t="400"> morning</s></p><p t="3000" d="500">all</p></body></timedtext>';
    expect(parseTimedText(body)).toEqual([
      { start_s: 1, dur_s: 2, text: 'good morning' },
      { start_s: 3, dur_s: 0.5, text: 'all' },
    ]);
  });

  it('refuses a body that is neither JSON nor XML', () => {
    expect(() => parseTimedText('Too Many Requests')).toThrow('unrecognised caption format');
  });
});

describe('removeRollingRepeats', () => {
  const seg = (start_s: number, text: string) => ({ start_s, dur_s: 2, text });

  it('drops the words a cue repeats from the end of the one before', () => {
    const result = removeRollingRepeats([
      seg(0, 'so today we'),
      seg(1, 'so today we are baking'),
      seg(2, 'we are baking a loaf'),
      seg(3, 'a loaf'),
    ]);
    expect(result.map((s) => s.text)).toEqual(['so today we', 'are baking', 'a loaf']);
    expect(result[2]!.dur_s).toBe(3);
  });

  it('keeps a single repeated word that is a real repetition', () => {
    expect(removeRollingRepeats([seg(0, 'it was very'), seg(1, 'very good indeed')]).map((s) => s.text)).toEqual([
      'it was very',
      'very good indeed',
    ]);
  });

  it('ignores case and punctuation when matching the overlap', () => {
    expect(removeRollingRepeats([seg(0, 'Hello, my friends'), seg(1, 'my friends. Welcome')]).map((s) => s.text)).toEqual([
      'Hello, my friends',
      'Welcome',
    ]);
  });
});
