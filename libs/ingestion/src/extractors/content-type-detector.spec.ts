import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { PDFDocument } from 'pdf-lib';
import { ACCEPTED_MIMES, DOCX_MIME, OCTET_STREAM, detectContentType, isAcceptedMime } from './content-type-detector.js';

function pngBytes(): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(1, 8); // width
  ihdr.writeUInt32BE(1, 12); // height
  ihdr.set([8, 6, 0, 0, 0], 16);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, iend]);
}

function wavBytes(): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'latin1');
  return header;
}

describe('detectContentType', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'content-type-detector-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function detect(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return detectContentType(path);
  }

  describe('binary formats, whatever the file is called', () => {
    it('names a PDF called .txt a PDF', async () => {
      const pdf = await PDFDocument.create();
      pdf.addPage();
      await expect(detect('really-a-pdf.txt', await pdf.save())).resolves.toEqual({ mime: 'application/pdf', ext: 'pdf' });
    });

    it('names a Word document called .pdf a Word document', async () => {
      const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('hello')] }] }));
      await expect(detect('really-a-docx.pdf', bytes)).resolves.toEqual({ mime: DOCX_MIME, ext: 'docx' });
    });

    it('names images and audio by their signatures', async () => {
      await expect(detect('image.bin', pngBytes())).resolves.toEqual({ mime: 'image/png', ext: 'png' });
      await expect(detect('photo.bin', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]))).resolves.toMatchObject({
        mime: 'image/jpeg',
      });
      await expect(detect('anim.bin', Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(16)]))).resolves.toMatchObject({ mime: 'image/gif' });
      await expect(detect('sound.bin', wavBytes())).resolves.toMatchObject({ mime: 'audio/wav' });
    });

    it('names an ELF executable called .pdf so that it is refused', async () => {
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56)]);
      const detected = await detect('invoice.pdf', elf);
      expect(detected.mime).toBe('application/x-elf');
      expect(isAcceptedMime(detected.mime)).toBe(false);
    });

    it('names a Windows executable called .pdf so that it is refused', async () => {
      const exe = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62, 0x90)]);
      const detected = await detect('report.pdf', exe);
      expect(detected.mime).toBe('application/x-msdownload');
      expect(isAcceptedMime(detected.mime)).toBe(false);
    });

    it('calls bytes it cannot name application/octet-stream', async () => {
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 7919) % 256));
      await expect(detect('mystery.txt', bytes)).resolves.toEqual({ mime: OCTET_STREAM });
      expect(isAcceptedMime(OCTET_STREAM)).toBe(false);
    });
  });

  describe('text formats, by their content', () => {
    it('recognizes WebVTT', async () => {
      await expect(detect('a.txt', '\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\nhi\n')).resolves.toEqual({ mime: 'text/vtt', ext: 'vtt' });
    });

    it('recognizes SubRip', async () => {
      await expect(detect('b.txt', '1\r\n00:00:01,000 --> 00:00:02,000\r\nhi\r\n')).resolves.toEqual({ mime: 'application/x-subrip', ext: 'srt' });
    });

    it('recognizes SubRip without cue numbers, also behind a BOM and with CRLF line ends', async () => {
      const cues = ['00:00:01,000 --> 00:00:02,000', 'hi', '', '00:00:02,500 --> 00:00:04,000', 'there', ''];
      await expect(detect('plain.txt', cues.join('\n'))).resolves.toEqual({ mime: 'application/x-subrip', ext: 'srt' });
      await expect(detect('windows.txt', `\uFEFF${cues.join('\r\n')}`)).resolves.toEqual({ mime: 'application/x-subrip', ext: 'srt' });
    });

    it('recognizes HTML by its doctype or html element, XHTML included', async () => {
      await expect(detect('c.md', '  <!DOCTYPE html>\n<html><body>x</body></html>')).resolves.toEqual({ mime: 'text/html', ext: 'html' });
      await expect(detect('d.txt', '<!-- saved page -->\n<HTML lang="en"><body>x</body></HTML>')).resolves.toEqual({ mime: 'text/html', ext: 'html' });
      await expect(detect('e.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>')).resolves.toEqual({
        mime: 'text/html',
        ext: 'html',
      });
    });

    it('recognizes Markdown by its syntax', async () => {
      await expect(detect('f.txt', '# Title\n\nSome text.')).resolves.toEqual({ mime: 'text/markdown', ext: 'md' });
      await expect(detect('g.txt', '---\ntitle: x\n---\nBody')).resolves.toEqual({ mime: 'text/markdown', ext: 'md' });
      await expect(detect('h.txt', 'Intro paragraph.\n\n- one\n- two\n\nSee [the docs](https://example.org) for **more**.')).resolves.toEqual({
        mime: 'text/markdown',
        ext: 'md',
      });
    });

    it('calls other text plain text, whatever its charset', async () => {
      await expect(detect('i.md', 'Shopping:\n- eggs\n- milk\n')).resolves.toEqual({ mime: 'text/plain', ext: 'txt' });
      await expect(detect('j.bin', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Grüße aus Köln', 'utf-16le')]))).resolves.toEqual({
        mime: 'text/plain',
        ext: 'txt',
      });
      await expect(detect('k.bin', iconv.encode('Le café crème était servi à la terrasse, “très” bon.', 'windows-1252'))).resolves.toEqual({
        mime: 'text/plain',
        ext: 'txt',
      });
    });

    it('reads only the head of a large file, even when it ends inside a character', async () => {
      const detected = await detect('big.txt', `${'a'.repeat(64 * 1024 - 1)}é${'b'.repeat(1000)}`);
      expect(detected).toEqual({ mime: 'text/plain', ext: 'txt' });
    });

    it('calls an empty file plain text, so that extraction answers empty_file', async () => {
      await expect(detect('empty.pdf', '')).resolves.toEqual({ mime: 'text/plain', ext: 'txt' });
    });
  });
});

describe('ACCEPTED_MIMES', () => {
  it('accepts documents, images, audio and video, and nothing else', () => {
    for (const mime of ['application/pdf', DOCX_MIME, 'text/markdown', 'text/vtt', 'application/x-subrip', 'image/heic', 'image/avif', 'audio/mpeg', 'audio/x-m4a', 'video/quicktime', 'video/matroska']) {
      expect(ACCEPTED_MIMES).toContain(mime);
    }
    for (const mime of ['application/zip', 'application/x-msdownload', 'application/x-elf', 'application/xml', 'image/svg+xml']) {
      expect(isAcceptedMime(mime)).toBe(false);
    }
  });
});
