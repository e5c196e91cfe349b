import { displayFileName } from './display-file-name.js';

describe('displayFileName', () => {
  it('keeps only the last part of a path, whichever separator the client used', () => {
    expect(displayFileName('../../../../etc/passwd')).toBe('passwd');
    expect(displayFileName('..\\..\\Windows\\win.ini')).toBe('win.ini');
    expect(displayFileName('C:\\Users\\ana\\Desktop\\notes.md')).toBe('notes.md');
    expect(displayFileName('/abs/dir\\mixed/report.pdf')).toBe('report.pdf');
  });

  it('removes control characters and bidi marks, and collapses spaces', () => {
    expect(displayFileName('in\u0000voice\u0007.pdf')).toBe('invoice.pdf');
    expect(displayFileName('line\nbreak\r\n.txt')).toBe('linebreak.txt');
    expect(displayFileName('photo\u202Egnp.exe')).toBe('photognp.exe');
    expect(displayFileName('  two   spaces\t.txt ')).toBe('two spaces.txt');
  });

  it('falls back when nothing but a folder, dots or controls was sent', () => {
    expect(displayFileName('')).toBe('upload');
    expect(displayFileName(undefined)).toBe('upload');
    expect(displayFileName('../')).toBe('upload');
    expect(displayFileName('..')).toBe('upload');
    expect(displayFileName('a/..')).toBe('upload');
    expect(displayFileName('\u0001\u0002')).toBe('upload');
  });

  it('keeps ordinary names, Unicode included, and bounds their length', () => {
    expect(displayFileName('Résumé (final) 2.docx')).toBe('Résumé (final) 2.docx');
    expect(displayFileName('報告書.pdf')).toBe('報告書.pdf');
    expect(displayFileName('.env')).toBe('.env');
    expect(displayFileName(`${'a'.repeat(300)}.txt`)).toHaveLength(255);
  });
});
