import { Injectable } from '@nestjs/common';
import { Readability } from '@mozilla/readability';
import iconv from 'iconv-lite';
import { cleanTitle, readNonEmptyFile, requireText, ExtractionError, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { decodeAs, detectEncoding } from './text-decoder.js';

/** The HTML standard looks for a `<meta charset>` in the first 1024 bytes. */
const CHARSET_PRESCAN_BYTES = 1024;
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)/i;

/** The main content of a web page (Readability), as Markdown; the title is Readability's. */
@Injectable()
export class HtmlExtractor implements Extractor {
  readonly mimes = ['text/html'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const bytes = await readNonEmptyFile(input.path);
    const encoding = declaredCharset(bytes) ?? detectEncoding(bytes);
    if (!encoding) throw new ExtractionError('text_undecodable', 'the HTML file is not text in a character set we can read');
    // No scripts run and no resources load: jsdom's defaults, relied on here.
    // jsdom is loaded on first use: it costs ~95 MB, and only the worker extracts HTML.
    const { JSDOM, VirtualConsole } = await import('jsdom');
    const dom = new JSDOM(decodeAs(bytes, encoding), { virtualConsole: new VirtualConsole() });
    try {
      const document = dom.window.document;
      const pageTitle = document.title;
      const pageLang = document.documentElement.getAttribute('lang') ?? undefined;
      // Readability rewrites the document it reads, so the fallback is taken first.
      const bodyHtml = document.body.innerHTML;
      const article = new Readability(document).parse();
      let markdown = article?.content ? htmlToMarkdown(article.content) : '';
      if (markdown.trim() === '') {
        // Readability found no article (a short page): fall back to the whole body.
        markdown = htmlToMarkdown(bodyHtml);
      }
      const text = requireText(markdown, 'HTML page');
      return {
        text,
        title: cleanTitle(article?.title) ?? cleanTitle(pageTitle),
        lang: cleanTitle(article?.lang) ?? cleanTitle(pageLang),
        metadata: compact({
          byline: cleanTitle(article?.byline),
          site_name: cleanTitle(article?.siteName),
          excerpt: article?.excerpt?.trim() || undefined,
          published_time: article?.publishedTime ?? undefined,
          encoding,
        }),
      };
    } finally {
      dom.window.close();
    }
  }
}

function declaredCharset(bytes: Buffer): string | undefined {
  if (hasBom(bytes)) return undefined;
  const label = META_CHARSET.exec(bytes.subarray(0, CHARSET_PRESCAN_BYTES).toString('latin1'))?.[1]?.toLowerCase();
  if (!label || !iconv.encodingExists(label)) return undefined;
  // The standard reads these labels as windows-1252, and a UTF-16 label in ASCII bytes as UTF-8.
  if (label === 'iso-8859-1' || label === 'latin1' || label === 'us-ascii' || label === 'ascii') return 'windows-1252';
  if (label.startsWith('utf-16')) return 'utf-8';
  return label;
}

function hasBom(bytes: Buffer): boolean {
  return (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
