// Generated inputs for the extractor benches: a text PDF and rolling WebVTT captions.
import { writeFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const WORDS = (
  'scriptorium manuscript scribe vellum quill ink margin gloss chapter verse abbey library copy ' +
  'illumination rubric folio binding parchment candle silence lectern archive index author reader ' +
  'history language letter word sentence paragraph story record memory knowledge wisdom craft'
).split(' ');

/** A deterministic pseudo-random word stream, so every run measures the same document. */
function wordStream(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return WORDS[state % WORDS.length];
  };
}

function sentence(next, words) {
  const parts = Array.from({ length: words }, next);
  const text = parts.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** `pages` A4 pages, each with a heading and several paragraphs of wrapped Helvetica text. */
export async function writeTextPdf(path, pages = 100) {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Scriptorium bench document');
  pdf.setAuthor('bench');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const next = wordStream(42);
  for (let number = 1; number <= pages; number += 1) {
    const page = pdf.addPage([595, 842]);
    page.drawText(`Chapter ${number}`, { x: 50, y: 790, size: 18, font: bold });
    let y = 760;
    for (let paragraph = 0; paragraph < 5; paragraph += 1) {
      const text = Array.from({ length: 5 }, () => sentence(next, 12)).join(' ');
      const lines = wrap(text, font, 11, 495);
      page.drawText(lines.join('\n'), { x: 50, y, size: 11, font, lineHeight: 14 });
      y -= lines.length * 14 + 14;
    }
  }
  await writeFile(path, await pdf.save());
}

function wrap(text, font, size, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * YouTube-style automatic captions: every ~3 s a cue shows the previous line again above the new
 * one (whose words carry karaoke timestamps), followed by a 10 ms cue holding just the new line.
 */
export async function writeRollingVtt(path, hours = 3) {
  const next = wordStream(7);
  const total = hours * 3600;
  const out = ['WEBVTT', 'Kind: captions', 'Language: en', ''];
  let previous = '';
  let start = 0;
  let cues = 0;
  for (let index = 0; start < total; index += 1) {
    const duration = 2.5 + ((index * 7) % 11) / 10; // 2.5 … 3.5 s
    const end = start + duration;
    const words = Array.from({ length: 7 + (index % 4) }, next);
    const karaoke = words
      .map((word, position) => (position === 0 ? word : `<${stamp(start + (duration * position) / words.length)}><c> ${word}</c>`))
      .join('');
    out.push(`${stamp(start)} --> ${stamp(end - 0.01)} align:start position:0%`, previous === '' ? ' ' : previous, karaoke, '');
    out.push(`${stamp(end - 0.01)} --> ${stamp(end)} align:start position:0%`, words.join(' '), ' ', '');
    cues += 2;
    previous = words.join(' ');
    start = end;
  }
  await writeFile(path, out.join('\n'));
  return { cues, duration_s: Math.round(start) };
}

function stamp(seconds) {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}
