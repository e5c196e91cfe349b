import { renderPostHtml } from '../steps/post-html.renderer.js';
import { assemblePost } from '../steps/compose.step.js';
import { PICTURE_SIZES, pictureMarkup } from './picture-markup.js';
import type { PostImage } from './post-image.js';

const BASE = 'https://blog.example.com/api/v1/media/3f0c4a5e-2b1d-4c6e-9f7a-1a2b3c4d5e6f';

function image(overrides: Partial<PostImage> = {}): PostImage {
  return {
    chapter_index: 0,
    prompt: 'A loaf on a board',
    alt_text: 'A "rustic" loaf <crumb> & crust',
    placement: 'before',
    source: 'generated',
    media_id: '3f0c4a5e-2b1d-4c6e-9f7a-1a2b3c4d5e6f',
    url: `${BASE}/768.webp`,
    width: 768,
    height: 512,
    variants: [
      { name: '768.webp', format: 'webp', mime: 'image/webp', width: 768, height: 512, url: `${BASE}/768.webp` },
      { name: '320.webp', format: 'webp', mime: 'image/webp', width: 320, height: 213, url: `${BASE}/320.webp` },
      { name: '320.avif', format: 'avif', mime: 'image/avif', width: 320, height: 213, url: `${BASE}/320.avif` },
      { name: '768.avif', format: 'avif', mime: 'image/avif', width: 768, height: 512, url: `${BASE}/768.avif` },
    ],
    ...overrides,
  };
}

describe('pictureMarkup', () => {
  it('lists AVIF before WebP, every width ascending, and escapes the alt text', () => {
    const markup = pictureMarkup(image())!;
    expect(markup.split('\n')).toEqual([
      '<figure>',
      '<picture>',
      `<source type="image/avif" srcset="${BASE}/320.avif 320w, ${BASE}/768.avif 768w" sizes="${PICTURE_SIZES}">`,
      `<source type="image/webp" srcset="${BASE}/320.webp 320w, ${BASE}/768.webp 768w" sizes="${PICTURE_SIZES}">`,
      `<img src="${BASE}/768.webp" alt="A &quot;rustic&quot; loaf &lt;crumb&gt; &amp; crust" width="768" height="512" loading="lazy" decoding="async">`,
      '</picture>',
      '</figure>',
    ]);
  });

  it('gives nothing for an image without a stored file (spec only)', () => {
    expect(pictureMarkup(image({ source: 'none', url: undefined, variants: undefined }))).toBeNull();
  });

  it('survives Markdown rendering and sanitizing, which drops relative and script URLs', () => {
    const html = renderPostHtml(`## A\n\n${pictureMarkup(image())}\n\nText.\n`);
    expect(html).toContain('<picture>');
    expect(html).toContain(`srcset="${BASE}/320.avif 320w, ${BASE}/768.avif 768w"`);
    expect(html).toContain(`src="${BASE}/768.webp"`);
    expect(html).not.toContain('</source>');

    const hostile = renderPostHtml(
      '<picture><source type="image/webp" srcset="javascript:alert(1) 1w, /relative.webp 2w"><img src="/x.webp" srcset="data:image/png;base64,AAAA 1w" alt="x" onerror="alert(1)"></picture>\n',
    );
    expect(hostile).not.toMatch(/javascript:|relative\.webp|data:|onerror|<source/);
  });
});

describe('assemblePost with images', () => {
  const outline = { title: 'Bread', chapters: [{ title: 'Starter', summary: '', key_points: [] }, { title: 'Bake', summary: '', key_points: [] }] };
  const drafts = [
    { heading: 'Starter', markdown: 'Feed the starter twice a day.' },
    { heading: 'Bake', markdown: 'Bake in a hot Dutch oven.' },
  ];

  it('places each picture before or after its chapter text, and none where the chapter has no file', () => {
    const post = assemblePost({
      title: 'Bread',
      drafts,
      outline,
      engine: 'extractive',
      images: [image({ chapter_index: 0, placement: 'after' }), image({ chapter_index: 1, source: 'none', url: undefined, variants: undefined })],
    });
    const [starter, bake] = post.markdown.split(/^## /m).slice(1);
    expect(starter).toMatch(/^Starter\n\nFeed the starter twice a day\.\n\n<figure>\n<picture>/);
    expect(bake).not.toContain('<picture>');
    expect(post.meta.word_count).toBe(assemblePost({ title: 'Bread', drafts, outline, engine: 'extractive' }).meta.word_count);
  });
});
