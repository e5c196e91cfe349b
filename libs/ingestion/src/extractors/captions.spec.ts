import { buildTranscript, parseSrt, parseVtt } from './captions.js';

describe('parseSrt', () => {
  it('reads numbered cues with multi-line text, tags and hours', () => {
    const cues = parseSrt(
      ['1', '00:00:01,000 --> 00:00:03,500', '<i>Hello</i> there,', 'General Kenobi.', '', '2', '01:02:03,040 --> 01:02:05,000', '{\\an8}Tom &amp; Jerry', ''].join('\r\n'),
    );
    expect(cues).toEqual([
      { start: 1, end: 3.5, lines: ['Hello there,', 'General Kenobi.'] },
      { start: 3723.04, end: 3725, lines: ['Tom & Jerry'] },
    ]);
  });

  it('keeps text after a blank line inside a cue with that cue, not the next', () => {
    const cues = parseSrt(['1', '00:00:01,000 --> 00:00:02,000', 'first', '', 'still first', '', '2', '00:00:03,000 --> 00:00:04,000', 'second'].join('\n'));
    expect(cues.map((cue) => cue.lines)).toEqual([['first', 'still first'], ['second']]);
  });
});

describe('parseVtt', () => {
  it('reads headers, skips NOTE and STYLE blocks, identifiers, settings and inline tags', () => {
    const parsed = parseVtt(
      [
        'WEBVTT - Conference talk',
        'Kind: captions',
        'Language: de',
        '',
        'STYLE',
        '::cue { color: yellow }',
        '',
        'NOTE this is a comment',
        'spanning two lines',
        '',
        'intro',
        '00:01.000 --> 00:04.250 align:start position:10% line:0',
        '<v Ann>Hallo <c.colorE5E5E5>zusammen</c></v>',
        '',
        '00:00:05.000 --> 00:00:07.000',
        'wie<00:00:05.500><c> geht</c><00:00:06.000><c> es?</c>',
        '[Musik]',
      ].join('\n'),
    );
    expect(parsed.title).toBe('Conference talk');
    expect(parsed.headers).toEqual({ kind: 'captions', language: 'de' });
    expect(parsed.cues).toEqual([
      { start: 1, end: 4.25, lines: ['Hallo zusammen'], speaker: 'Ann' },
      { start: 5, end: 7, lines: ['wie geht es?'] },
    ]);
  });
});

describe('buildTranscript', () => {
  it('drops the repeated prefix of rolling captions and keeps timed segments of the new words', () => {
    // The shape of YouTube's automatic captions: each cue repeats the previous line, with 10 ms
    // cues in between that only repeat it.
    const { cues } = parseVtt(
      [
        'WEBVTT',
        'Kind: captions',
        'Language: en',
        '',
        '00:00:00.000 --> 00:00:02.590 align:start position:0%',
        ' ',
        'hello<00:00:00.480><c> everyone</c><00:00:00.870><c> welcome</c>',
        '',
        '00:00:02.590 --> 00:00:02.600 align:start position:0%',
        'hello everyone welcome',
        ' ',
        '',
        '00:00:02.600 --> 00:00:05.320 align:start position:0%',
        'hello everyone welcome',
        'to<00:00:03.120><c> the</c><00:00:03.360><c> channel</c>',
        '',
        '00:00:05.320 --> 00:00:05.330 align:start position:0%',
        'to the channel',
        ' ',
        '',
        '00:00:05.330 --> 00:00:08.000 align:start position:0%',
        'to the channel',
        'today we bake bread',
        '',
      ].join('\n'),
    );
    const transcript = buildTranscript(cues);
    expect(transcript.text).toBe('hello everyone welcome to the channel today we bake bread');
    expect(transcript.segments).toEqual([
      { start_s: 0, dur_s: 2.59, text: 'hello everyone welcome' },
      { start_s: 2.6, dur_s: 2.72, text: 'to the channel' },
      { start_s: 5.33, dur_s: 2.67, text: 'today we bake bread' },
    ]);
    expect(transcript.duration_s).toBe(8);
  });

  it('leaves ordinary subtitles alone, repeated words included', () => {
    const transcript = buildTranscript([
      { start: 0, end: 1, lines: ['No.'] },
      { start: 1, end: 2, lines: ['No.'] },
      { start: 2, end: 3, lines: ['No, I said.'] },
    ]);
    expect(transcript.text).toBe('No. No. No, I said.');
  });

  it('starts a new paragraph after a long silence and on a change of speaker', () => {
    const transcript = buildTranscript([
      { start: 0, end: 2, lines: ['First thought.'] },
      { start: 2, end: 4, lines: ['Still first.'] },
      { start: 10, end: 12, lines: ['After a pause.'] },
      { start: 12, end: 13, lines: ['Another voice.'], newTurn: true },
    ]);
    expect(transcript.text).toBe('First thought. Still first.\n\nAfter a pause.\n\nAnother voice.');
  });
});
