import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtExtractor } from './srt.extractor.js';

describe('SrtExtractor', () => {
  const extractor = new SrtExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'srt-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, content: string | Buffer) {
    const path = join(dir, name);
    await writeFile(path, content);
    return extractor.extract({ path, mime: 'application/x-subrip' });
  }

  it('joins cue text into paragraphs and keeps segments and the duration', async () => {
    const doc = await extract(
      'talk.srt',
      [
        '1',
        '00:00:01,000 --> 00:00:03,000',
        'Welcome to the kitchen.',
        '',
        '2',
        '00:00:03,200 --> 00:00:05,900',
        'Today we make',
        '<b>fresh pasta</b>.',
        '',
        '3',
        '00:00:12,000 --> 00:00:14,500',
        'First, the flour.',
        '',
      ].join('\r\n'),
    );
    expect(doc.text).toBe('Welcome to the kitchen. Today we make fresh pasta.\n\nFirst, the flour.');
    expect(doc.metadata.segments).toEqual([
      { start_s: 1, dur_s: 2, text: 'Welcome to the kitchen.' },
      { start_s: 3.2, dur_s: 2.7, text: 'Today we make fresh pasta.' },
      { start_s: 12, dur_s: 2.5, text: 'First, the flour.' },
    ]);
    expect(doc.metadata.duration_s).toBe(14.5);
  });

  it('reads cues without numbers behind a BOM with CRLF line ends, keeping their timings', async () => {
    const doc = await extract('unnumbered.srt', `\uFEFF${['00:00:01,000 --> 00:00:02,500', 'Preheat the oven.', '', '00:00:03,000 --> 00:00:05,000', 'Score the loaf.', ''].join('\r\n')}`);
    expect(doc.text).toBe('Preheat the oven. Score the loaf.');
    expect(doc.metadata.segments).toEqual([
      { start_s: 1, dur_s: 1.5, text: 'Preheat the oven.' },
      { start_s: 3, dur_s: 2, text: 'Score the loaf.' },
    ]);
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.srt', '')).rejects.toMatchObject({ code: 'empty_file' });
  });

  it('refuses cues without text with no_text_found', async () => {
    await expect(extract('silent.srt', '1\n00:00:01,000 --> 00:00:02,000\n[Music]\n\n2\n00:00:02,000 --> 00:00:03,000\n♪ ♪\n')).rejects.toMatchObject({
      code: 'no_text_found',
    });
  });
});
