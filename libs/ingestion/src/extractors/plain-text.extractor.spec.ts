import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ExtractionError } from './extraction.js';
import { PlainTextExtractor } from './plain-text.extractor.js';

describe('PlainTextExtractor', () => {
  const extractor = new PlainTextExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plain-text-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return extractor.extract({ path, mime: 'text/plain' });
  }

  it('reads UTF-8 and takes the first non-empty line as the title', async () => {
    const doc = await extract('utf8.txt', '\n\n  Notes on Zürich  \r\nLine two — with “quotes”.\r\n');
    expect(doc.text).toBe('Notes on Zürich\nLine two — with “quotes”.');
    expect(doc.title).toBe('Notes on Zürich');
    expect(doc.metadata.encoding).toBe('utf-8');
  });

  it('reads UTF-16LE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Grüße aus Köln\nZweite Zeile', 'utf-16le')]);
    const doc = await extract('utf16.txt', bytes);
    expect(doc.text).toBe('Grüße aus Köln\nZweite Zeile');
    expect(doc.title).toBe('Grüße aus Köln');
    expect(doc.metadata.encoding).toBe('utf-16le');
  });

  it('reads windows-1252 text, curly quotes and euro sign included', async () => {
    const source =
      'Le café crème était servi à la terrasse.\nIl a dit “bonjour” — puis il est parti… Ça coûte 5 €.\nDeuxième ligne très française, naïve et élégante.';
    const doc = await extract('cp1252.txt', iconv.encode(source, 'windows-1252'));
    expect(doc.text).toBe(source);
    expect(doc.metadata.encoding).toBe('windows-1252');
  });

  it('cuts a long first line to 120 characters for the title', async () => {
    const doc = await extract('long.txt', `${'word '.repeat(60)}\nrest`);
    expect(doc.title).toHaveLength(119);
    expect(doc.title).toMatch(/^word word/);
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.txt', '')).rejects.toMatchObject({ code: 'empty_file', retryable: false });
  });

  it('refuses a file of whitespace with no_text_found', async () => {
    await expect(extract('blank.txt', ' \n\t\n  ')).rejects.toMatchObject({ code: 'no_text_found' });
  });

  it('refuses binary bytes with text_undecodable', async () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e, 0x00, 0x01, 0x00]);
    const error = await extract('binary.txt', bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExtractionError);
    expect(error).toMatchObject({ code: 'text_undecodable' });
  });
});
