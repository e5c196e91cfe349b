import { imagesToUpload, rewriteForBlog } from './post-content.js';

const BASE = 'https://app.example.com';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const prefix = (id: string) => `${BASE}/api/v1/media/${id}/`;

function picture(id: string): string {
  return [
    '<figure>',
    '<picture>',
    `<source type="image/avif" srcset="${prefix(id)}320.avif 320w, ${prefix(id)}768.avif 768w" sizes="(max-width: 800px) 100vw, 800px">`,
    `<source type="image/webp" srcset="${prefix(id)}320.webp 320w, ${prefix(id)}768.webp 768w" sizes="(max-width: 800px) 100vw, 800px">`,
    `<img src="${prefix(id)}768.webp" alt="a &quot;chart&quot;" width="768" height="512" loading="lazy" decoding="async">`,
    '</picture>',
    '</figure>',
  ].join('\n');
}

describe('imagesToUpload', () => {
  it('lists each stored image once, by media and the variant of its default URL; images without a file are left out', () => {
    const images = [
      { media_id: A, url: `${prefix(A)}768.webp` },
      { media_id: B, url: `${prefix(B)}original` },
      { media_id: A, url: `${prefix(A)}768.webp` },
      { prompt: 'spec only' },
      { media_id: 'x', url: 'https://elsewhere.example.com/a.png' },
    ];
    expect(imagesToUpload(images, prefix)).toEqual([
      { key: `${A}/768.webp`, mediaId: A, variant: '768.webp' },
      { key: `${B}/original`, mediaId: B, variant: 'original' },
    ]);
  });
});

describe('rewriteForBlog', () => {
  it("drops the title's <h1>, the <source> elements of uploaded images, and points every URL of theirs at the blog", () => {
    const html = `<h1>The title</h1>\n<p>Intro.</p>\n<h2>One</h2>\n${picture(A)}\n<p>See <a href="${prefix(A)}original?expires=1&amp;signature=x">the original</a>.</p>\n${picture(B)}\n`;
    const out = rewriteForBlog(html, new Map([[A, { id: '7', url: 'https://blog.example.com/wp-content/uploads/a$1.webp' }]]), prefix);
    expect(out.startsWith('<p>Intro.</p>')).toBe(true);
    expect(out).toContain('<img src="https://blog.example.com/wp-content/uploads/a$1.webp" alt="a &quot;chart&quot;"');
    expect(out).toContain('<a href="https://blog.example.com/wp-content/uploads/a$1.webp">the original</a>');
    expect(out).not.toContain(prefix(A));
    // An image that was not uploaded keeps its markup.
    expect(out).toContain(picture(B));
    expect(out.match(/<source/g)).toHaveLength(2);
  });

  it('leaves a post without a leading <h1> or images as it is', () => {
    const html = '<p>Text with <h1>not first</h1></p>';
    expect(rewriteForBlog(html, new Map(), prefix)).toBe(html);
  });
});
