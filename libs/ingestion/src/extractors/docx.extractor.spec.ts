import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { DocxExtractor } from './docx.extractor.js';

describe('DocxExtractor', () => {
  const extractor = new DocxExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docx-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return extractor.extract({ path, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  }

  function docx(children: Paragraph[], title?: string): Promise<Buffer> {
    return Packer.toBuffer(new Document({ ...(title ? { title } : {}), sections: [{ children }] }));
  }

  it('converts to Markdown with headings, emphasis and lists, titled by the first heading', async () => {
    const bytes = await docx(
      [
        new Paragraph({ text: 'Quarterly Report', heading: HeadingLevel.TITLE }),
        new Paragraph({ text: 'Revenue', heading: HeadingLevel.HEADING_1 }),
        new Paragraph({ children: [new TextRun('Revenue grew by '), new TextRun({ text: 'twelve percent', bold: true }), new TextRun(' this quarter.')] }),
        new Paragraph({ text: 'Costs', heading: HeadingLevel.HEADING_2 }),
        new Paragraph({ text: 'Flour went up', bullet: { level: 0 } }),
      ],
      'Stale core title',
    );
    const doc = await extract('report.docx', bytes);
    expect(doc.title).toBe('Quarterly Report');
    expect(doc.text).toMatch(/^# Quarterly Report\n\n# Revenue\n\nRevenue grew by \*\*twelve percent\*\* this quarter\.\n\n## Costs\n\n- +Flour went up$/);
  });

  it('falls back to the core properties title when there is no heading', async () => {
    const doc = await extract('plain.docx', await docx([new Paragraph('Just a paragraph of text.')], 'Minutes & Notes'));
    expect(doc.title).toBe('Minutes & Notes');
    expect(doc.text).toBe('Just a paragraph of text.');
  });

  it('refuses bytes that are not a Word document with docx_corrupt', async () => {
    await expect(extract('garbage.docx', 'PK\u0003\u0004 definitely not a zip')).rejects.toMatchObject({ code: 'docx_corrupt', retryable: false });
  });

  it('refuses a document without text with no_text_found', async () => {
    await expect(extract('blank.docx', await docx([new Paragraph('')]))).rejects.toMatchObject({ code: 'no_text_found' });
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.docx', '')).rejects.toMatchObject({ code: 'empty_file' });
  });
});
