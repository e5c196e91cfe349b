// What the extractors are compared against: the library (or, for WebVTT, the parse) called directly.
import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';

/** unpdf as PdfExtractor calls it (getDocumentProxy + extractText), without our checks and clean-up. */
export async function pdfDirect(path) {
  const bytes = await readFile(path);
  const pdf = await getDocumentProxy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { verbosity: 0 });
  try {
    const { text } = await extractText(pdf);
    return text.join('\n\n');
  } finally {
    await pdf.destroy();
  }
}

const TIMING = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})/;

/**
 * A minimal WebVTT reader: UTF-8, blocks split on blank lines, the timing line parsed, tags
 * stripped, text joined. No charset detection, no repeat removal, no paragraphs.
 */
export async function vttDirect(path) {
  const source = (await readFile(path, 'utf8')).replace(/\r\n?/g, '\n');
  const cues = [];
  for (const block of source.split(/\n\n+/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((line) => line.includes('-->'));
    if (at === -1) continue;
    const match = TIMING.exec(lines[at]);
    if (!match) continue;
    const text = lines
      .slice(at + 1)
      .map((line) => line.replace(/<[^>]*>/g, '').trim())
      .filter((line) => line !== '')
      .join(' ');
    if (text !== '') cues.push({ start: seconds(match, 1), end: seconds(match, 5), text });
  }
  return { text: cues.map((cue) => cue.text).join(' '), cues: cues.length };
}

function seconds(match, from) {
  return Number(match[from] ?? 0) * 3600 + Number(match[from + 1]) * 60 + Number(match[from + 2]) + Number(match[from + 3]) / 1000;
}
