import { Injectable } from '@nestjs/common';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { cleanTitle, readNonEmptyFile, ExtractionError, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { layoutLines, type PdfLine } from './pdf-text-layout.js';
import { headingTitle, metadataTitle } from './pdf-title.js';
import { pdfjsDataOptions } from './pdfjs-data.js';

/** PDF.js `VerbosityLevel.ERRORS`: keeps its warnings about damaged files out of our logs. */
const PDFJS_ERRORS_ONLY = 0;
/** Pages whose drawing operations are read to tell an unreadable text layer from none at all. */
const TEXT_LAYER_PROBE_PAGES = 10;
const PAGE_SEPARATOR = '\n\n';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** Where a page's text lies in the extracted text: `start` inclusive, `end` exclusive (UTF-16 offsets). */
export interface PdfPageOffset {
  page: number;
  start: number;
  end: number;
}

/**
 * The text layer of every page (no OCR); pages are separated by a blank line. CJK fonts are read
 * through the CMaps pdfjs-dist ships, right-to-left lines come out in reading order, and
 * `metadata.page_offsets` says where each page's text lies in `text`.
 */
@Injectable()
export class PdfExtractor implements Extractor {
  readonly mimes = ['application/pdf'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const bytes = await readNonEmptyFile(input.path);
    const pdf = await open(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    try {
      const [meta, pages] = await Promise.all([pdf.getMetadata(), readPages(pdf)]).catch((error: unknown) => {
        throw corrupt(error);
      });
      const { text, offsets } = joinPages(pages);
      if (text === '') throw await missingText(pdf);
      const info = (meta.info ?? {}) as Record<string, unknown>;
      const author = cleanTitle(info.Author);
      return {
        text,
        title: metadataTitle(info, meta.metadata?.get('dc:title')) ?? headingTitle(pages.find((lines) => pageText(lines) !== '') ?? []),
        lang: cleanTitle(info.Language),
        metadata: { pages: pdf.numPages, page_offsets: offsets, ...(author ? { author } : {}) },
      };
    } finally {
      await pdf.destroy();
    }
  }
}

async function open(data: Uint8Array): Promise<PdfDocument> {
  try {
    return await getDocumentProxy(data, { verbosity: PDFJS_ERRORS_ONLY, ...pdfjsDataOptions() });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new ExtractionError('pdf_encrypted', 'the PDF is protected by a password');
    }
    throw corrupt(error);
  }
}

/** Every page's lines, read in parallel as unpdf's extractText does. */
function readPages(pdf: PdfDocument): Promise<PdfLine[][]> {
  return Promise.all(
    Array.from({ length: pdf.numPages }, async (_, index) => {
      const page = await pdf.getPage(index + 1);
      const content = await page.getTextContent();
      return layoutLines(content.items.filter((item) => 'str' in item));
    }),
  );
}

function joinPages(pages: readonly PdfLine[][]): { text: string; offsets: PdfPageOffset[] } {
  const parts: string[] = [];
  const offsets: PdfPageOffset[] = [];
  let length = 0;
  pages.forEach((lines, index) => {
    const text = pageText(lines);
    if (text === '') return;
    if (parts.length > 0) length += PAGE_SEPARATOR.length;
    offsets.push({ page: index + 1, start: length, end: length + text.length });
    parts.push(text);
    length += text.length;
  });
  return { text: parts.join(PAGE_SEPARATOR), offsets };
}

function pageText(lines: readonly PdfLine[]): string {
  return lines
    .map((line) => line.text)
    .join('\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * No text came out: `no_text_found` when the pages draw no text at all (scans), but
 * `text_undecodable` when they do and its characters could not be mapped to Unicode (a font
 * without a usable encoding), which OCR would not be the answer to.
 */
async function missingText(pdf: PdfDocument): Promise<ExtractionError> {
  const { OPS } = await getResolvedPDFJS();
  const showsText = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
  for (let number = 1; number <= Math.min(pdf.numPages, TEXT_LAYER_PROBE_PAGES); number += 1) {
    const operators = await (await pdf.getPage(number)).getOperatorList().catch(() => undefined);
    if (operators?.fnArray.some((fn) => showsText.has(fn))) {
      return new ExtractionError('text_undecodable', 'the PDF has a text layer, but its fonts do not say which characters it shows');
    }
  }
  return new ExtractionError('no_text_found', 'no text was found in the PDF (it may hold only scanned images)');
}

function corrupt(error: unknown): ExtractionError {
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new ExtractionError('pdf_corrupt', `the PDF could not be read${reason}`);
}
