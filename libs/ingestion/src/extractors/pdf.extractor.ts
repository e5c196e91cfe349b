import { Injectable } from '@nestjs/common';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { cleanTitle, readNonEmptyFile, requireText, ExtractionError, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';

/** PDF.js `VerbosityLevel.ERRORS`: keeps its warnings about damaged files out of our logs. */
const PDFJS_ERRORS_ONLY = 0;

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** The text layer of every page (no OCR); pages are separated by a blank line. */
@Injectable()
export class PdfExtractor implements Extractor {
  readonly mimes = ['application/pdf'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const bytes = await readNonEmptyFile(input.path);
    const pdf = await open(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    try {
      const [{ info }, { totalPages, text: pages }] = await Promise.all([getMeta(pdf), extractText(pdf)]).catch((error: unknown) => {
        throw corrupt(error);
      });
      const text = requireText(pages.map(normalizePage).filter((page) => page !== '').join('\n\n'), 'PDF (it may hold only scanned images)');
      const fields = info as Record<string, unknown>;
      return {
        text,
        title: cleanTitle(fields.Title),
        lang: cleanTitle(fields.Language),
        metadata: { pages: totalPages, ...(cleanTitle(fields.Author) ? { author: cleanTitle(fields.Author) } : {}) },
      };
    } finally {
      await pdf.destroy();
    }
  }
}

async function open(data: Uint8Array): Promise<PdfDocument> {
  try {
    return await getDocumentProxy(data, { verbosity: PDFJS_ERRORS_ONLY });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new ExtractionError('pdf_encrypted', 'the PDF is protected by a password');
    }
    throw corrupt(error);
  }
}

function corrupt(error: unknown): ExtractionError {
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new ExtractionError('pdf_corrupt', `the PDF could not be read${reason}`);
}

function normalizePage(page: string): string {
  return page
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
