import { createHash } from 'node:crypto';

/** Letters that Unicode does not decompose into a base letter plus a mark. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'n', Ŋ: 'n', ĸ: 'k',
};

export function foldDiacritics(text: string): string {
  return text
    .replace(/[ßẞæÆœŒøØđĐðÐłŁþÞıħĦŋŊĸ]/g, (char) => SPECIAL_LETTERS[char] ?? char)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

export const SLUG_MAX_LENGTH = 80;

/**
 * A URL path segment: lowercase a-z, 0-9 and single hyphens, no hyphen at either end, at most
 * maxLength characters (cut at a hyphen). Text with no Latin letters or digits gets a stable
 * `post-<hash>` slug instead of an empty one.
 */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  let slug = foldDiacritics(text)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > maxLength) {
    const cut = slug.slice(0, maxLength + 1);
    const lastHyphen = cut.lastIndexOf('-');
    slug = (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : slug.slice(0, maxLength)).replace(/-+$/, '');
  }
  if (slug.length === 0) slug = `post-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
  return slug;
}
