import { open } from 'node:fs/promises';
import { ExtractionError } from './extraction.js';
import { decodeAs, detectEncoding } from './text-decoder.js';

export interface DetectedContentType {
  mime: string;
  ext?: string;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Files whose text the extractors read. */
export const DOCUMENT_MIMES = ['application/pdf', DOCX_MIME, 'text/html', 'text/markdown', 'text/plain', 'text/vtt', 'application/x-subrip'] as const;
/** As named by file-type; apng and heif are the animated PNG and the non-HEVC HEIF variants. */
export const IMAGE_MIMES = ['image/png', 'image/apng', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif', 'image/heic', 'image/heif'] as const;
export const AUDIO_MIMES = ['audio/mpeg', 'audio/wav', 'audio/x-m4a', 'audio/mp4', 'audio/ogg', 'audio/webm'] as const;
export const VIDEO_MIMES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/matroska', 'video/ogg'] as const;

/** Every type an upload may have; anything else is answered with 415. */
export const ACCEPTED_MIMES: readonly string[] = [...DOCUMENT_MIMES, ...IMAGE_MIMES, ...AUDIO_MIMES, ...VIDEO_MIMES];

/** Audio and video become documents through a transcription (a paid call when a provider is configured). */
export function needsTranscription(mime: string): boolean {
  return (AUDIO_MIMES as readonly string[]).includes(mime) || (VIDEO_MIMES as readonly string[]).includes(mime);
}

export function isAcceptedMime(mime: string): boolean {
  return ACCEPTED_MIMES.includes(mime);
}

export const OCTET_STREAM = 'application/octet-stream';

/** Enough text to tell the formats apart without reading a large file whole. */
const SNIFF_BYTES = 64 * 1024;

const WEBVTT = /^WEBVTT(?:[ \t\n]|$)/;
/** A timing line, after a cue number on the line before it: many tools write SubRip without the numbers. */
const SRT_START = /^(?:\d+[ \t]*\n)?[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d{1,3}[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d{1,3}/;
const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;

/**
 * The type of a file from its bytes, never from its name: file-type's signatures for binary
 * formats, then, for text, a look at the content (WebVTT, SubRip, HTML, Markdown, plain text).
 * Bytes that are neither a known format nor text are `application/octet-stream`. An empty file
 * counts as (empty) plain text, so that extraction reports `empty_file` rather than a type error.
 */
export async function detectContentType(path: string): Promise<DetectedContentType> {
  // file-type (ESM only) loads with the first file it sniffs, not with the API process.
  const { fileTypeFromFile } = await import('file-type');
  const signature = await fileTypeFromFile(path);
  // file-type names any text starting with `<?xml` XML, XHTML pages included.
  if (signature && signature.mime !== 'application/xml') return { mime: signature.mime, ext: signature.ext };
  const { head, truncated } = await readHead(path, SNIFF_BYTES);
  if (head.length === 0) return { mime: 'text/plain', ext: 'txt' };
  const text = decodeSample(head, truncated);
  if (text === undefined) return signature ? { mime: signature.mime, ext: signature.ext } : { mime: OCTET_STREAM };
  const kind = classifyText(text);
  if (signature && kind.mime !== 'text/html') return { mime: signature.mime, ext: signature.ext };
  return kind;
}

/** Tells text formats apart by their content. */
export function classifyText(text: string): DetectedContentType {
  const head = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trimStart();
  if (WEBVTT.test(head)) return { mime: 'text/vtt', ext: 'vtt' };
  if (SRT_START.test(head)) return { mime: 'application/x-subrip', ext: 'srt' };
  if (HTML_START.test(head)) return { mime: 'text/html', ext: 'html' };
  if (looksLikeMarkdown(head)) return { mime: 'text/markdown', ext: 'md' };
  return { mime: 'text/plain', ext: 'txt' };
}

/**
 * Markdown has no signature, so it takes front matter, a fenced code block, a `# ` heading on the
 * first line, or at least two kinds of Markdown syntax; a lone dash list stays plain text.
 */
function looksLikeMarkdown(text: string): boolean {
  if (/^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/.test(text)) return true;
  if (/^#{1,6}[ \t]+\S/.test(text)) return true;
  if (/^[ \t]{0,3}(?:```|~~~)/m.test(text)) return true;
  const kinds = [
    /^[ \t]{0,3}#{1,6}[ \t]+\S/m, // ATX heading
    /\[[^\]\n]+\]\([^)\s]+(?:\s+"[^"]*")?\)/, // inline link or image
    /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S/m, // list item
    /^\S.*\n(?:=+|-+)[ \t]*$/m, // setext heading
    /(?:\*\*|__)[^\s*_](?:[^\n]*?[^\s*_])?(?:\*\*|__)/, // strong emphasis
    /^[ \t]{0,3}>[ \t]?\S/m, // block quote
    /`[^`\n]+`/, // inline code
    /^\|.*\|[ \t]*\n\|[ \t:|-]+\|/m, // table
  ];
  return kinds.filter((pattern) => pattern.test(text)).length >= 2;
}

function decodeSample(head: Buffer, truncated: boolean): string | undefined {
  const encoding = detectEncoding(head, truncated);
  if (!encoding) return undefined;
  try {
    return decodeAs(head, encoding);
  } catch (error) {
    if (error instanceof ExtractionError) return undefined;
    throw error;
  }
}

async function readHead(path: string, bytes: number): Promise<{ head: Buffer; truncated: boolean }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, bytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), truncated: size > bytesRead };
  } finally {
    await handle.close();
  }
}
