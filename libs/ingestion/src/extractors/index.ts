export {
  EXTRACTION_ERROR_CODES,
  ExtractionError,
  type ExtractedDocument,
  type ExtractionErrorCode,
  type ExtractionInput,
  type Extractor,
  type TranscriptSegment,
} from './extraction.js';
export {
  ACCEPTED_MIMES,
  AUDIO_MIMES,
  DOCUMENT_MIMES,
  DOCX_MIME,
  IMAGE_MIMES,
  OCTET_STREAM,
  VIDEO_MIMES,
  detectContentType,
  isAcceptedMime,
  type DetectedContentType,
} from './content-type-detector.js';
export { EXTRACTORS, ExtractorRegistry, defaultExtractors } from './extractor.registry.js';
export { DocxExtractor } from './docx.extractor.js';
export { HtmlExtractor } from './html.extractor.js';
export { MarkdownExtractor } from './markdown.extractor.js';
export { PdfExtractor } from './pdf.extractor.js';
export { PlainTextExtractor } from './plain-text.extractor.js';
export { SrtExtractor } from './srt.extractor.js';
export { VttExtractor } from './vtt.extractor.js';
