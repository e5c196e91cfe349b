import { Injectable } from '@nestjs/common';
import { cleanTitle, readNonEmptyFile, requireText, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { decodeText } from './text-decoder.js';

/** Plain text in any charset chardet can name; the title is its first non-empty line. */
@Injectable()
export class PlainTextExtractor implements Extractor {
  readonly mimes = ['text/plain'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const decoded = decodeText(await readNonEmptyFile(input.path));
    const text = requireText(decoded.text.replace(/[ \t]+$/gm, ''), 'text file');
    return { text, title: cleanTitle(text.split('\n', 1)[0]), metadata: { encoding: decoded.encoding } };
  }
}
