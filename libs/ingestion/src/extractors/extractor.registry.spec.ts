import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DOCUMENT_MIMES } from './content-type-detector.js';
import { ExtractionError, type ExtractedDocument, type Extractor } from './extraction.js';
import { EXTRACTORS, ExtractorRegistry } from './extractor.registry.js';

class FakeExtractor implements Extractor {
  constructor(readonly mimes: readonly string[]) {}

  extract(): Promise<ExtractedDocument> {
    return Promise.resolve({ text: 'fake text', metadata: {} });
  }
}

describe('ExtractorRegistry', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extractor-registry-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('is built by Nest with the built-in extractors for every document type', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [ExtractorRegistry] }).compile();
    const registry = moduleRef.get(ExtractorRegistry);
    expect([...registry.mimes].sort()).toEqual([...DOCUMENT_MIMES].sort());
  });

  it('takes extractors from the EXTRACTORS provider when there is one', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ExtractorRegistry, { provide: EXTRACTORS, useValue: [new FakeExtractor(['text/x-fake'])] }],
    }).compile();
    const registry = moduleRef.get(ExtractorRegistry);
    expect(registry.mimes).toEqual(['text/x-fake']);
    await expect(registry.extract({ path: '/nonexistent', mime: 'text/x-fake' })).resolves.toMatchObject({ text: 'fake text' });
  });

  it('picks the extractor by mime, ignoring case and parameters, and logs no document text', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const path = join(dir, 'note.bin');
    await writeFile(path, '# Secret recipe\n\nUse more butter.');
    const doc = await new ExtractorRegistry().extract({ path, mime: 'Text/Markdown; charset=utf-8' });
    expect(doc.title).toBe('Secret recipe');
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ msg: 'document extracted', mime: 'text/markdown', chars: doc.text.length }));
    expect(JSON.stringify(log.mock.calls)).not.toMatch(/butter|Secret/);
  });

  it('refuses a type it cannot extract with unsupported_type naming the type', async () => {
    const registry = new ExtractorRegistry();
    expect(registry.supports('image/png')).toBe(false);
    const error = await registry.extract({ path: '/nonexistent', mime: 'image/png' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExtractionError);
    expect(error).toMatchObject({ code: 'unsupported_type', retryable: false, message: expect.stringContaining('image/png') });
  });

  it('refuses two extractors for one type', () => {
    expect(() => new ExtractorRegistry([new FakeExtractor(['text/plain']), new FakeExtractor(['text/plain'])])).toThrow(/both extract text\/plain/);
  });

  it.each([...DOCUMENT_MIMES])('answers empty_file for a 0-byte %s file', async (mime) => {
    const path = join(dir, `empty-${mime.replace(/\W/g, '_')}`);
    await writeFile(path, '');
    await expect(new ExtractorRegistry().extract({ path, mime })).rejects.toMatchObject({ code: 'empty_file' });
  });
});
