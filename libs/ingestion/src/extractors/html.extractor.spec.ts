import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { HtmlExtractor } from './html.extractor.js';

const ARTICLE_PARAGRAPHS = [
  'Sourdough bread is leavened by a culture of wild yeast and lactic acid bacteria that bakers keep alive for years, feeding it flour and water every day.',
  'The long fermentation gives the bread its sour taste, a chewy crumb and a crust that shatters. It also makes the bread keep longer than bread made with commercial yeast.',
  'To start, mix equal weights of flour and water in a jar, cover it loosely and leave it somewhere warm. Discard half and feed it again every day for a week.',
];

function page(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sourdough at home | The Bakery Blog</title>
<meta property="og:title" content="Sourdough at home">
<style>body { font-family: serif }</style><script>window.tracking = "should never appear";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/shop">Shop</a></nav>
<article>
<h1>Sourdough at home</h1>
<p class="byline">By Jane Baker</p>
${ARTICLE_PARAGRAPHS.map((text) => `<p>${text}</p>`).join('\n')}
<h2>What you need</h2>
<ul><li>Flour</li><li>Water</li><li><a href="https://example.org/salt">Salt</a></li></ul>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="a loaf">
</article>
<footer>Copyright 2026 The Bakery Blog. All rights reserved.</footer>
</body></html>`;
}

describe('HtmlExtractor', () => {
  const extractor = new HtmlExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'html-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return extractor.extract({ path, mime: 'text/html' });
  }

  it('keeps the article as Markdown without navigation, scripts or images, titled by Readability', async () => {
    const doc = await extract('article.html', page());
    for (const paragraph of ARTICLE_PARAGRAPHS) expect(doc.text).toContain(paragraph);
    expect(doc.text).toContain('## What you need');
    expect(doc.text).toMatch(/^- +\[Salt\]\(https:\/\/example\.org\/salt\)$/m);
    expect(doc.text).not.toContain('should never appear');
    expect(doc.text).not.toContain('body { font-family');
    expect(doc.text).not.toContain('data:image');
    expect(doc.text).not.toContain('Shop');
    expect(doc.title).toBe('Sourdough at home');
    expect(doc.lang).toBe('en');
  });

  it('falls back to the whole body for a short page Readability skips', async () => {
    const doc = await extract('short.html', '<html><head><title>Tiny</title></head><body><h1>Hi</h1><p>One short line.</p></body></html>');
    expect(doc.text).toContain('One short line.');
    expect(doc.title).toBe('Tiny');
  });

  it('decodes the charset the page declares', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e for \u20ac5 \u201cnow\u201d.</p></body></html>';
    const doc = await extract('cp1252.html', iconv.encode(html, 'windows-1252'));
    expect(doc.text).toContain('Crème brûlée for €5 “now”.');
    expect(doc.title).toBe('Café');
  });

  it('refuses a page without text with no_text_found', async () => {
    await expect(extract('empty-body.html', '<!doctype html><html><head><title>x</title></head><body><img src="a.png"></body></html>')).rejects.toMatchObject({
      code: 'no_text_found',
    });
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.html', '')).rejects.toMatchObject({ code: 'empty_file' });
  });
});
