import { cleanText, layoutLines, type PdfTextItem } from './pdf-text-layout.js';

/** An upright 10 pt item at `x`, each character 5 units wide, as pdf.js reports it. */
function item(str: string, x: number, extra: Partial<PdfTextItem> = {}): PdfTextItem {
  return { str, dir: /[\u0590-\u08FF]/.test(str) ? 'rtl' : 'ltr', transform: [10, 0, 0, 10, x, 700], width: str.length * 5, hasEOL: false, ...extra };
}

describe('layoutLines', () => {
  it('leaves left-to-right lines exactly as pdf.js joined them', () => {
    const lines = layoutLines([item('Second ', 100), item('first', 10, { hasEOL: true }), item('next line', 10)]);
    expect(lines.map((line) => line.text)).toEqual(['Second first', 'next line']);
  });

  it('keeps a Latin word pieced into a Hebrew line left to right, and the line right to left', () => {
    // On the page, left to right: "PDF 2" then the Hebrew words; pdf.js gives each piece in logical order.
    const lines = layoutLines([item('PDF', 10), item(' ', 25), item('2', 30), item('קובץ', 45), item('חדש', 70)]);
    expect(lines[0]!.text).toBe('חדש קובץ PDF 2');
  });

  it('keeps a number pieced into a Hebrew line in its place, its digits left to right', () => {
    // "שנת 2024 היא" on the page, left to right: the last word, the year in two pieces, the first word.
    const lines = layoutLines([item('היא', 10), item('20', 40), item('24', 50), item('שנת', 75)]);
    expect(lines[0]!.text).toBe('שנת 2024 היא');
  });

  it('reverses a Hebrew phrase pieced into an English line to its reading order', () => {
    const lines = layoutLines([item('The words ', 10), item('עולם', 60), item(' ', 80), item('שלום', 85), item(' mean hello world', 105)]);
    expect(lines[0]!.text).toBe('The words שלום עולם mean hello world');
  });

  it('leaves vertical text alone', () => {
    const lines = layoutLines([item('縦書き', 500, { dir: 'ttb' }), item('שלום', 470, { dir: 'ttb' })]);
    expect(lines[0]!.text).toBe('縦書きשלום');
  });

  it('reports the size most of a line is set in, and where it starts', () => {
    const [line] = layoutLines([item('1', 10, { transform: [6, 0, 0, 6, 10, 700] }), item('Introduction to baking', 20, { transform: [18, 0, 0, 18, 20, 690] })]);
    expect(line).toMatchObject({ size: 18, x: 10, y: 700 });
  });
});

describe('cleanText', () => {
  it('normalizes presentation forms and drops control characters', () => {
    expect(cleanText('\uFB01ne \uFEFB \uFE35\u0000\u0007')).toBe('fine \u0644\u0627 (');
  });
});
