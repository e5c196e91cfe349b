import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, EndnoteReferenceRun, ExternalHyperlink, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
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

  function docx(children: Paragraph[], title?: string, footnotes?: Record<number, string>): Promise<Buffer> {
    const notes = Object.fromEntries(Object.entries(footnotes ?? {}).map(([id, text]) => [id, { children: [new Paragraph(text)] }]));
    return Packer.toBuffer(new Document({ ...(title ? { title } : {}), footnotes: notes, sections: [{ children }] }));
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

  it('titles the document by its heading without the marker of a footnote the heading refers to', async () => {
    const bytes = await docx(
      [
        new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Quarterly Report'), new FootnoteReferenceRun(1)] }),
        new Paragraph('Revenue grew this quarter.'),
      ],
      undefined,
      { 1: 'Unaudited figures.' },
    );
    const doc = await extract('noted-title.docx', bytes);
    expect(doc.title).toBe('Quarterly Report');
    expect(doc.text.split('\n', 1)[0]).toBe('# Quarterly Report');
  });

  it('writes headings as plain text, without the Markdown of a link in them', async () => {
    const bytes = await docx([
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new ExternalHyperlink({ link: 'https://example.com/revenue', children: [new TextRun('Revenue')] })] }),
      new Paragraph('Revenue grew this quarter.'),
    ]);
    const doc = await extract('linked-heading.docx', bytes);
    expect(doc.title).toBe('Revenue');
    expect(doc.text).toBe('# Revenue\n\nRevenue grew this quarter.');
  });

  it('moves footnotes to a Notes section at the end, leaving a [^n] marker where they were referred to', async () => {
    const bytes = await docx(
      [
        new Paragraph({ text: 'Revenue', heading: HeadingLevel.HEADING_1 }),
        new Paragraph({ children: [new TextRun('Revenue grew by twelve percent'), new FootnoteReferenceRun(1), new TextRun(' this quarter.')] }),
        new Paragraph({ children: [new TextRun('Costs fell'), new FootnoteReferenceRun(2), new TextRun('.')] }),
      ],
      undefined,
      { 1: 'Sales figures from the 2025 audit.', 2: 'Flour only.' },
    );
    const doc = await extract('footnotes.docx', bytes);
    expect(doc.text).toBe(
      [
        '# Revenue',
        'Revenue grew by twelve percent[^1] this quarter.',
        'Costs fell[^2].',
        '## Notes',
        '[^1]: Sales figures from the 2025 audit.',
        '[^2]: Flour only.',
      ].join('\n\n'),
    );
  });

  it('gives a footnote and an endnote with the same id in the file markers of their own', async () => {
    const bytes = await Packer.toBuffer(
      new Document({
        footnotes: { 1: { children: [new Paragraph('A footnote.')] } },
        endnotes: { 1: { children: [new Paragraph('An endnote.')] } },
        sections: [{ children: [new Paragraph({ children: [new TextRun('Claim one'), new FootnoteReferenceRun(1), new TextRun(' and two'), new EndnoteReferenceRun(1), new TextRun('.')] })] }],
      }),
    );
    const doc = await extract('both-notes.docx', bytes);
    expect(doc.text).toBe('Claim one[^1] and two[^2].\n\n## Notes\n\n[^1]: A footnote.\n\n[^2]: An endnote.');
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
