import { Injectable } from '@nestjs/common';
import { buildTranscript, parseSrt } from './captions.js';
import { readNonEmptyFile, requireText, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { decodeText } from './text-decoder.js';

/** SubRip subtitles as paragraphs of text, with the timed segments in metadata. */
@Injectable()
export class SrtExtractor implements Extractor {
  readonly mimes = ['application/x-subrip'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const decoded = decodeText(await readNonEmptyFile(input.path));
    const transcript = buildTranscript(parseSrt(decoded.text));
    return {
      text: requireText(transcript.text, 'subtitle file'),
      metadata: { segments: transcript.segments, duration_s: transcript.duration_s, encoding: decoded.encoding },
    };
  }
}
