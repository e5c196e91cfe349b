import iconv from 'iconv-lite';

/**
 * PDFs written object by object, for what pdf-lib cannot make: fonts that name a predefined CJK
 * CMap without embedding glyphs, or simple fonts whose codes map through a ToUnicode CMap to any
 * characters we choose. Text extraction needs no glyph shapes, so none are embedded.
 */

/** A PDF of one page drawing `content` with font /F1 (`font` is the font object and any it refers to, from object 5 on). */
export function onePagePdf(content: string, font: readonly (string | Buffer)[], info?: string): Buffer {
  return writePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      stream(content),
      ...font,
    ],
    info,
  );
}

/** A Type0 font naming the predefined CMap `encoding` (e.g. 90ms-RKSJ-H), with a non-embedded Adobe-Japan1 CIDFont. */
export function predefinedCMapFont(encoding: string): string[] {
  return [
    `<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /${encoding} /DescendantFonts [6 0 R] >>`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69 >>',
  ];
}

/** `text` encoded for a show-text operator as a hex string, e.g. in Shift_JIS or UTF-16BE (for UCS2 CMaps). */
export function hexString(text: string, charset: string): string {
  return `<${iconv.encode(text, charset).toString('hex')}>`;
}

/**
 * A simple font whose codes 0x21, 0x22, … stand for the characters of `alphabet` in that order
 * (through its ToUnicode CMap); every glyph is 500/1000 of the font size wide.
 */
export function mappedFont(alphabet: readonly string[]): (string | Buffer)[] {
  const pairs = alphabet.map((char, index) => `<${(0x21 + index).toString(16)}> <${utf16beHex(char)}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Handmade def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${pairs.length} beginbfchar ${pairs.join(' ')} endbfchar`,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  return [
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 33 /LastChar ${32 + alphabet.length} /Widths [${alphabet.map(() => 500).join(' ')}] /ToUnicode 6 0 R >>`,
    stream(cmap),
  ];
}

/**
 * `text` as a literal string in `mappedFont(alphabet)`'s codes. A space outside the alphabet stays
 * code 0x20, which the ToUnicode CMap leaves out (as many subset fonts do): pdf.js reads it as a space.
 */
export function mappedString(alphabet: readonly string[], text: string): string {
  const codes = [...text].map((char) => {
    const index = alphabet.indexOf(char);
    if (index === -1 && char === ' ') return ' ';
    if (index === -1) throw new Error(`${char} is not in the alphabet`);
    return String.fromCharCode(0x21 + index);
  });
  return `(${codes.join('').replace(/[()\\]/g, (char) => `\\${char}`)})`;
}

function utf16beHex(text: string): string {
  return Buffer.from(text, 'utf16le').swap16().toString('hex');
}

function stream(content: string | Buffer): Buffer {
  const body = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  return Buffer.concat([Buffer.from(`<< /Length ${body.length} >>\nstream\n`, 'latin1'), body, Buffer.from('\nendstream', 'latin1')]);
}

/** Numbers the objects from 1 and writes the cross-reference table; `info` is an Info dictionary. */
function writePdf(objects: readonly (string | Buffer)[], info?: string): Buffer {
  const all = info ? [...objects, info] : objects;
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  all.forEach((object, index) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      typeof object === 'string' ? Buffer.from(object, 'latin1') : object,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const infoRef = info ? ` /Info ${all.length} 0 R` : '';
  const xref = [
    'xref',
    `0 ${all.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${all.length + 1} /Root 1 0 R${infoRef} >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
