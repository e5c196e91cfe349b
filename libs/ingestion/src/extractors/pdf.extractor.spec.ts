import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { hexString, mappedFont, mappedString, onePagePdf, predefinedCMapFont } from './__fixtures__/handmade-pdf.js';
import { PdfExtractor } from './pdf.extractor.js';

/** A PDF with one page per entry of `pages`, each line of text drawn on its own row. */
async function makePdf(pages: string[][], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 740 - index * 20, size: 12, font }));
  }
  return pdf.save();
}

/** A PDF without a Title whose first page opens with `heading` in 24 pt, one line per entry, over body text in 11 pt. */
async function makeHeadedPdf(heading: string[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  page.drawText('Field notes, volume 3', { x: 50, y: 760, size: 9, font });
  heading.forEach((line, index) => page.drawText(line, { x: 50, y: 700 - index * 28, size: 24, font }));
  const body = ['Chanterelles grow under oak and beech from July on.', 'Their gills are blunt ridges that run down the stem.', 'Look for them after a week of rain.'];
  body.forEach((line, index) => page.drawText(line, { x: 50, y: 620 - index * 15, size: 11, font }));
  return pdf.save();
}

/**
 * pdf-lib cannot encrypt, so this writes a minimal PDF by hand whose trailer names a standard
 * security handler (/Encrypt) with a user password: readers must ask for it.
 */
function makeEncryptedPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const id = '0123456789abcdef'.repeat(2);
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

describe('PdfExtractor', () => {
  const extractor = new PdfExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdf-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return extractor.extract({ path, mime: 'application/pdf' });
  }

  it('extracts the text of every page, in order, with the title and page count', async () => {
    const bytes = await makePdf(
      [
        ['Sourdough needs a starter.', 'Feed it daily.'],
        ['Bake at 250 degrees.', 'Let it cool.'],
      ],
      'The Bread Book',
    );
    const doc = await extract('book.pdf', bytes);
    expect(doc.text).toBe('Sourdough needs a starter.\nFeed it daily.\n\nBake at 250 degrees.\nLet it cool.');
    expect(doc.title).toBe('The Bread Book');
    expect(doc.metadata.pages).toBe(2);
  });

  it('records where each page lies in the text as character offsets', async () => {
    const bytes = await makePdf([['Sourdough needs a starter.', 'Feed it daily.'], [], ['Bake at 250 degrees.']]);
    const doc = await extract('offsets.pdf', bytes);
    const offsets = doc.metadata.page_offsets as { page: number; start: number; end: number }[];
    expect(offsets).toEqual([
      { page: 1, start: 0, end: 41 },
      { page: 3, start: 43, end: 63 },
    ]);
    expect(offsets.map(({ start, end }) => doc.text.slice(start, end))).toEqual(['Sourdough needs a starter.\nFeed it daily.', 'Bake at 250 degrees.']);
  });

  describe('CJK text in fonts that name a predefined CMap', () => {
    it('reads Shift-JIS codes (90ms-RKSJ-H) as Japanese', async () => {
      const bytes = onePagePdf(`BT /F1 24 Tf 50 700 Td ${hexString('日本語のテキストです。', 'Shift_JIS')} Tj ET`, predefinedCMapFont('90ms-RKSJ-H'));
      const doc = await extract('rksj.pdf', bytes);
      expect(doc.text).toBe('日本語のテキストです。');
    });

    it('reads vertical Japanese (90ms-RKSJ-V) column by column, with ordinary punctuation', async () => {
      const columns = ['縦書きの文章です。', '二行目も読めます。'];
      const shows = columns.map((column, index) => `1 0 0 1 ${500 - index * 30} 700 Tm ${hexString(column, 'Shift_JIS')} Tj`).join(' ');
      const doc = await extract('vertical.pdf', onePagePdf(`BT /F1 20 Tf ${shows} ET`, predefinedCMapFont('90ms-RKSJ-V')));
      expect(doc.text).toBe('縦書きの文章です。\n二行目も読めます。');
    });

    it('reads UCS-2 codes (UniJIS-UCS2-H)', async () => {
      const bytes = onePagePdf(`BT /F1 24 Tf 50 700 Td ${hexString('東京の天気', 'utf-16be')} Tj ET`, predefinedCMapFont('UniJIS-UCS2-H'));
      await expect(extract('ucs2.pdf', bytes)).resolves.toMatchObject({ text: '東京の天気' });
    });
  });

  describe('right-to-left text', () => {
    const hebrew = [...'אבגדהוזחטיכךלמםנןסעפףצץקרשת'];

    it('puts the words of a Hebrew line split into pieces by kerning (TJ) in reading order', async () => {
      // Drawn left to right as a PDF must, so the letters come last to first; justified text
      // kerns every glyph. The spaces are not in the ToUnicode CMap, and pdf.js splits the line there.
      const visual = [...'ספר הלחם הטוב'].reverse();
      const kerned = visual.map((letter) => mappedString(hebrew, letter)).join(' -30 ');
      const doc = await extract('hebrew.pdf', onePagePdf(`BT /F1 20 Tf 100 700 Td [${kerned}] TJ ET`, mappedFont(hebrew)));
      expect(doc.text).toBe('ספר הלחם הטוב');
    });

    it('reads Hebrew glyphs placed one by one from right to left, word gaps included', async () => {
      const letters = [...'שלום עולם'];
      const shows = letters.map((letter, index) => (letter === ' ' ? '' : `1 0 0 1 ${300 - index * 10} 700 Tm ${mappedString(hebrew, letter)} Tj`)).join(' ');
      const doc = await extract('hebrew-glyphs.pdf', onePagePdf(`BT /F1 20 Tf ${shows} ET`, mappedFont(hebrew)));
      expect(doc.text).toBe('שלום עולם');
    });

    it('gives Arabic set in presentation forms as ordinary letters (NFKC)', async () => {
      // مرحبا as shaped glyphs: meem initial, reh final, hah initial, beh medial, alef final; drawn left to right.
      const forms = ['\uFEE3', '\uFEAE', '\uFEA3', '\uFE92', '\uFE8E'];
      const bytes = onePagePdf(`BT /F1 20 Tf 100 700 Td ${mappedString(forms, [...forms].reverse().join(''))} Tj ET`, mappedFont(forms));
      const doc = await extract('arabic.pdf', bytes);
      expect(doc.text).toBe('\u0645\u0631\u062D\u0628\u0627');
    });
  });

  describe('the title', () => {
    it('is the first heading when the metadata has none, joined across the lines it wraps onto', async () => {
      const doc = await extract('heading.pdf', await makeHeadedPdf(['A Field Guide to the', 'Mushrooms of the North']));
      expect(doc.title).toBe('A Field Guide to the Mushrooms of the North');
      expect(doc.text.split('\n').slice(1, 3)).toEqual(['A Field Guide to the', 'Mushrooms of the North']);
    });

    it('is the first heading when the metadata title is only a file name', async () => {
      const doc = await extract('word-export.pdf', await makeHeadedPdf(['Chanterelles'], 'Microsoft Word - draft-v3.docx'));
      expect(doc.title).toBe('Chanterelles');
    });
  });

  it('reads a 100-page PDF', async () => {
    const pages = Array.from({ length: 100 }, (_, index) => [`Page number ${index + 1} of the long report.`]);
    const doc = await extract('long.pdf', await makePdf(pages));
    expect(doc.metadata.pages).toBe(100);
    expect(doc.text.split('\n\n')).toHaveLength(100);
    expect(doc.text).toContain('Page number 1 of the long report.');
    expect(doc.text.endsWith('Page number 100 of the long report.')).toBe(true);
  });

  it('refuses a password-protected PDF with pdf_encrypted', async () => {
    await expect(extract('locked.pdf', makeEncryptedPdf())).rejects.toMatchObject({ code: 'pdf_encrypted', retryable: false });
  });

  it('refuses a truncated PDF with pdf_corrupt', async () => {
    const bytes = await makePdf([['This file will be cut in half.']]);
    await expect(extract('truncated.pdf', bytes.slice(0, Math.floor(bytes.length / 2)))).rejects.toMatchObject({ code: 'pdf_corrupt' });
  });

  it('refuses bytes that are not a PDF with pdf_corrupt', async () => {
    await expect(extract('garbage.pdf', '%PDF-1.7\nthis is not really a pdf at all\n')).rejects.toMatchObject({ code: 'pdf_corrupt' });
  });

  it('refuses a PDF without a text layer with no_text_found', async () => {
    await expect(extract('blank.pdf', await makePdf([[], []]))).rejects.toMatchObject({ code: 'no_text_found' });
  });

  it('refuses text in a CMap nobody knows with text_undecodable, not no_text_found', async () => {
    const bytes = onePagePdf('BT /F1 24 Tf 50 700 Td <8ba48ba4> Tj ET', predefinedCMapFont('Handmade-RKSJ-H'));
    await expect(extract('unknown-cmap.pdf', bytes)).rejects.toMatchObject({ code: 'text_undecodable' });
  });

  it('refuses glyphs that map only to control characters with text_undecodable instead of a text of NULs', async () => {
    const bytes = onePagePdf(`BT /F1 12 Tf 50 700 Td ${mappedString(['\u0000'], '\u0000\u0000\u0000')} Tj ET`, mappedFont(['\u0000']));
    await expect(extract('nul.pdf', bytes)).rejects.toMatchObject({ code: 'text_undecodable' });
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.pdf', '')).rejects.toMatchObject({ code: 'empty_file' });
  });
});
