import { Injectable } from '@nestjs/common';
import type JSZipType from 'jszip';
import type mammothType from 'mammoth';
import { lazyPackage } from '@app/shared';
import { cleanTitle, readNonEmptyFile, requireText, ExtractionError, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { wordHtmlToMarkdown } from './word-html-to-markdown.js';

/** mammoth and JSZip (~30 MiB) load with the first Word document, not with the API process. */
const mammoth = lazyPackage<typeof mammothType>('mammoth');
const JSZip = lazyPackage<typeof JSZipType>('jszip');

/** mammoth maps Heading 1…6 by default; Word's Title and Subtitle styles are headings too. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];
const CORE_TITLE = /<dc:title>([^<]*)<\/dc:title>/;

/** A Word document as Markdown (mammoth, then turndown), so its headings survive; notes go to the end. */
@Injectable()
export class DocxExtractor implements Extractor {
  readonly mimes = ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const buffer = await readNonEmptyFile(input.path);
    let html: string;
    try {
      const result = await mammoth().convertToHtml(
        { buffer },
        {
          styleMap: STYLE_MAP,
          // Skips base64-encoding every picture: the text has no use for them.
          convertImage: mammoth().images.imgElement(() => Promise.resolve({ src: '' })),
        },
      );
      html = result.value;
    } catch (error) {
      const reason = error instanceof Error ? `: ${error.message}` : '';
      throw new ExtractionError('docx_corrupt', `the Word document could not be read${reason}`);
    }
    const { markdown, firstHeading } = wordHtmlToMarkdown(html);
    const text = requireText(markdown, 'Word document');
    return {
      text,
      title: cleanTitle(firstHeading) ?? (await coreTitle(buffer)),
      metadata: {},
    };
  }
}

/** The title in the document's properties (docProps/core.xml), which Word users rarely set. */
async function coreTitle(buffer: Buffer): Promise<string | undefined> {
  try {
    const zip = await JSZip().loadAsync(buffer);
    const xml = await zip.file('docProps/core.xml')?.async('string');
    const raw = xml ? CORE_TITLE.exec(xml)?.[1] : undefined;
    return raw ? cleanTitle(decodeXmlEntities(raw)) : undefined;
  } catch {
    return undefined;
  }
}

function decodeXmlEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity: string, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return named[name.toLowerCase()] ?? entity;
  });
}
