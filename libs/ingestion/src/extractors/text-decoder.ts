import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ExtractionError } from './extraction.js';

/** chardet rates single-byte charsets low even when right, so only near-noise guesses are refused. */
const MIN_CHARDET_CONFIDENCE = 10;
/** Share of control characters above which decoded "text" is taken for binary data. */
const MAX_CONTROL_RATIO = 0.01;
const UTF16_PROBE_BYTES = 4096;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Names the charset of `bytes`: a BOM first, then UTF-16 without BOM (every other byte NUL), then
 * strict UTF-8, then chardet's best guess. `truncated` says `bytes` is the head of a longer file,
 * whose last character may be cut in half. Undefined when the bytes do not look like text.
 */
export function detectEncoding(bytes: Uint8Array, truncated = false): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.includes(0)) return utf16WithoutBom(bytes);
  if (isUtf8(bytes, truncated)) return 'utf-8';
  const best = chardet.analyse(bytes).find((match) => iconv.encodingExists(match.name));
  if (!best || best.confidence < MIN_CHARDET_CONFIDENCE) return undefined;
  // Browsers read ISO-8859-1 as its superset windows-1252 too (curly quotes, euro sign).
  return best.name === 'ISO-8859-1' ? 'windows-1252' : best.name.toLowerCase();
}

export interface DecodedText {
  text: string;
  encoding: string;
}

/** Decodes a whole text file to a string without BOM and with `\n` line ends. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = detectEncoding(bytes);
  if (!encoding) throw new ExtractionError('text_undecodable', 'the file is not text in a character set we can read');
  return { text: decodeAs(bytes, encoding), encoding };
}

/** Decodes with a known charset, refusing results that look like binary data. */
export function decodeAs(bytes: Uint8Array, encoding: string): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
  if (looksBinary(text)) throw new ExtractionError('text_undecodable', `the file does not decode as ${encoding} text`);
  return text.replace(/\r\n?/g, '\n');
}

export function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  let control = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0) return true;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f || code === 0xfffd) {
      control += 1;
    }
  }
  return control / text.length > MAX_CONTROL_RATIO;
}

function isUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  // A cut multi-byte character at the end of a sample is up to 3 bytes long.
  const cuts = truncated ? [0, 1, 2, 3] : [0];
  return cuts.some((cut) => {
    if (cut >= bytes.length) return false;
    try {
      UTF8.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      return false;
    }
  });
}

function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const probe = bytes.subarray(0, Math.min(bytes.length, UTF16_PROBE_BYTES) & ~1);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < probe.length; index += 2) {
    if (probe[index] === 0) evenZeros += 1;
    if (probe[index + 1] === 0) oddZeros += 1;
  }
  const pairs = probe.length / 2;
  if (pairs === 0) return undefined;
  // Latin-script UTF-16 has a NUL in most code units, always on the same side.
  if (oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return 'utf-16be';
  return undefined;
}
