import type { PostImage, PostImageVariant } from './post-image.js';

/** How wide an image is shown at most in a post's column; browsers pick the variant from this. */
export const PICTURE_SIZES = '(max-width: 800px) 100vw, 800px';
/** Newer formats first: the browser takes the first <source> it supports. */
const SOURCE_ORDER = ['image/avif', 'image/webp'];

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function srcset(variants: readonly PostImageVariant[]): string {
  return [...variants]
    .sort((a, b) => a.width - b.width)
    .map((variant) => `${variant.url} ${variant.width}w`)
    .join(', ');
}

/**
 * A responsive `<figure><picture>` for a post's image: one `<source>` per format with every width
 * in its srcset, and an `<img>` fallback with alt text and intrinsic size (no layout shift).
 * Written without blank lines so Markdown keeps it as one HTML block.
 */
export function pictureMarkup(image: PostImage): string | null {
  if (!image.url || !image.variants || image.variants.length === 0) return null;
  const variants = image.variants;
  const sources = SOURCE_ORDER.map((mime) => variants.filter((variant) => variant.mime === mime))
    .filter((group) => group.length > 0)
    .map((group) => `<source type="${group[0]!.mime}" srcset="${escapeAttribute(srcset(group))}" sizes="${PICTURE_SIZES}">`);
  const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
  const img = `<img src="${escapeAttribute(image.url)}" alt="${escapeAttribute(image.alt_text)}"${size} loading="lazy" decoding="async">`;
  return ['<figure>', '<picture>', ...sources, img, '</picture>', '</figure>'].join('\n');
}
