import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VttExtractor } from './vtt.extractor.js';

describe('VttExtractor', () => {
  const extractor = new VttExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vtt-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, content: string) {
    const path = join(dir, name);
    await writeFile(path, content);
    return extractor.extract({ path, mime: 'text/vtt' });
  }

  it('reads YouTube automatic captions without their rolling repeats', async () => {
    const doc = await extract(
      'auto.vtt',
      [
        'WEBVTT',
        'Kind: captions',
        'Language: en',
        '',
        '00:00:00.000 --> 00:00:02.000 align:start position:0%',
        ' ',
        'so<00:00:00.500><c> today</c><00:00:01.000><c> we</c>',
        '',
        '00:00:02.000 --> 00:00:02.010 align:start position:0%',
        'so today we',
        ' ',
        '',
        '00:00:02.010 --> 00:00:04.000 align:start position:0%',
        'so today we',
        'talk<00:00:02.500><c> about</c><00:00:03.000><c> sourdough</c>',
        '',
        '00:00:04.000 --> 00:00:04.010 align:start position:0%',
        'talk about sourdough',
        ' ',
        '',
        '00:00:04.010 --> 00:00:06.500 align:start position:0%',
        'talk about sourdough',
        '&gt;&gt; and starters',
        '',
      ].join('\n'),
    );
    expect(doc.text).toBe('so today we talk about sourdough\n\nand starters');
    expect(doc.lang).toBe('en');
    expect(doc.metadata.kind).toBe('captions');
    expect(doc.metadata.segments).toEqual([
      { start_s: 0, dur_s: 2, text: 'so today we' },
      { start_s: 2.01, dur_s: 1.99, text: 'talk about sourdough' },
      { start_s: 4.01, dur_s: 2.49, text: 'and starters' },
    ]);
    expect(doc.metadata.duration_s).toBe(6.5);
  });

  it('takes the title from the WEBVTT line and skips NOTE blocks', async () => {
    const doc = await extract(
      'titled.vtt',
      ['\uFEFFWEBVTT Bread basics', '', 'NOTE recorded live', '', '1', '00:00:01.000 --> 00:00:02.500', 'Knead for ten minutes.', ''].join('\n'),
    );
    expect(doc.title).toBe('Bread basics');
    expect(doc.text).toBe('Knead for ten minutes.');
    expect(doc.metadata.duration_s).toBe(2.5);
  });

  it('keeps the timings of cues between REGION, STYLE and NOTE blocks, with cue settings, a BOM and CRLF line ends', async () => {
    const doc = await extract(
      'blocks.vtt',
      [
        '\uFEFFWEBVTT',
        '',
        'REGION',
        'id:bottom',
        'width:40%',
        'lines:3',
        '',
        'STYLE',
        '::cue(.loud) { font-weight: bold }',
        '',
        'NOTE prepared for the bakery video',
        '',
        'welcome',
        '00:00:01.000 --> 00:00:03.500 align:start position:10% region:bottom',
        'Welcome to the bakery.',
        '',
        'NOTE second part',
        '',
        '00:00:04.000 --> 00:00:06.000 line:0 size:80%',
        '<c.loud>Flour first.</c>',
        '',
      ].join('\r\n'),
    );
    expect(doc.text).toBe('Welcome to the bakery. Flour first.');
    expect(doc.metadata.segments).toEqual([
      { start_s: 1, dur_s: 2.5, text: 'Welcome to the bakery.' },
      { start_s: 4, dur_s: 2, text: 'Flour first.' },
    ]);
    expect(doc.metadata.duration_s).toBe(6);
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.vtt', '')).rejects.toMatchObject({ code: 'empty_file' });
  });

  it('refuses a header without cues with no_text_found', async () => {
    await expect(extract('header-only.vtt', 'WEBVTT\n\nNOTE nothing here\n')).rejects.toMatchObject({ code: 'no_text_found' });
  });
});
