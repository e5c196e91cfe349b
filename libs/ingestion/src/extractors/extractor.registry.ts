import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DocxExtractor } from './docx.extractor.js';
import { ExtractionError, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { HtmlExtractor } from './html.extractor.js';
import { MarkdownExtractor } from './markdown.extractor.js';
import { PdfExtractor } from './pdf.extractor.js';
import { PlainTextExtractor } from './plain-text.extractor.js';
import { SrtExtractor } from './srt.extractor.js';
import { VttExtractor } from './vtt.extractor.js';

/** Optional provider token replacing the built-in extractors (tests, or a module adding formats). */
export const EXTRACTORS = Symbol('EXTRACTORS');

export function defaultExtractors(): Extractor[] {
  return [new PdfExtractor(), new DocxExtractor(), new HtmlExtractor(), new MarkdownExtractor(), new PlainTextExtractor(), new SrtExtractor(), new VttExtractor()];
}

/** Picks the extractor for a detected content type. Two extractors claiming one type fail at start. */
@Injectable()
export class ExtractorRegistry {
  private readonly logger = new Logger(ExtractorRegistry.name);
  private readonly byMime = new Map<string, Extractor>();

  constructor(@Optional() @Inject(EXTRACTORS) extractors?: readonly Extractor[]) {
    for (const extractor of extractors ?? defaultExtractors()) {
      for (const mime of extractor.mimes) {
        const taken = this.byMime.get(mime);
        if (taken) throw new Error(`${extractor.constructor.name} and ${taken.constructor.name} both extract ${mime}`);
        this.byMime.set(mime, extractor);
      }
    }
  }

  /** The content types that can be extracted. */
  get mimes(): string[] {
    return [...this.byMime.keys()];
  }

  supports(mime: string): boolean {
    return this.byMime.has(essence(mime));
  }

  extractorFor(mime: string): Extractor {
    const extractor = this.byMime.get(essence(mime));
    if (!extractor) throw new ExtractionError('unsupported_type', `text cannot be extracted from ${essence(mime) || 'an unknown type'} files`);
    return extractor;
  }

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const extractor = this.extractorFor(input.mime);
    const started = performance.now();
    const document = await extractor.extract(input);
    this.logger.log({
      msg: 'document extracted',
      mime: essence(input.mime),
      chars: document.text.length,
      duration_ms: Math.round(performance.now() - started),
    });
    return document;
  }
}

/** `Text/HTML; charset=utf-8` → `text/html`. */
function essence(mime: string): string {
  return mime.split(';', 1)[0]?.trim().toLowerCase() ?? '';
}
