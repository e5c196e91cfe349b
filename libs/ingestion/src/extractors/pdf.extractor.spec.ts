import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
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

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.pdf', '')).rejects.toMatchObject({ code: 'empty_file' });
  });
});
