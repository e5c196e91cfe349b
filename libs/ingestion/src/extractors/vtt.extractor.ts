import { Injectable } from '@nestjs/common';
import { buildTranscript, parseVtt } from './captions.js';
import { cleanTitle, readNonEmptyFile, requireText, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { decodeText } from './text-decoder.js';

/** WebVTT captions as paragraphs of text, with the timed segments in metadata; `Language:` sets lang. */
@Injectable()
export class VttExtractor implements Extractor {
  readonly mimes = ['text/vtt'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const decoded = decodeText(await readNonEmptyFile(input.path));
    const parsed = parseVtt(decoded.text);
    const transcript = buildTranscript(parsed.cues);
    return {
      text: requireText(transcript.text, 'caption file'),
      title: cleanTitle(parsed.title),
      lang: cleanTitle(parsed.headers.language),
      metadata: {
        segments: transcript.segments,
        duration_s: transcript.duration_s,
        ...(parsed.headers.kind ? { kind: parsed.headers.kind } : {}),
        encoding: decoded.encoding,
      },
    };
  }
}
