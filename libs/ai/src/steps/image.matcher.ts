import { contentTerms } from '../extractive/word.tokenizer.js';

export interface AvailableImage {
  id: string;
  name: string;
  alt?: string;
}

export interface ImageChapter {
  title: string;
  summary: string;
}

/** Share of an image's words found in a chapter (title words count fully, summary words 0.6) needed for a match. */
export const IMAGE_MATCH_THRESHOLD = 0.5;

const GENERIC_NAME_WORDS: ReadonlySet<string> = new Set(['img', 'image', 'photo', 'pic', 'picture', 'screenshot', 'dsc', 'final', 'copy', 'edit', 'small', 'large']);

/** Words of an image's file name and alt text: extension dropped, camelCase, snake_case and kebab-case split. */
export function imageTerms(image: AvailableImage): string[] {
  const name = image.name
    .replace(/\.[a-z0-9]{2,5}$/i, '')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/[_\-.+]+/g, ' ');
  const terms = contentTerms(`${name} ${image.alt ?? ''}`).filter((term) => !GENERIC_NAME_WORDS.has(term) && !/\d/.test(term));
  return [...new Set(terms)];
}

export function imageMatchScore(chapter: ImageChapter, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  const title = new Set(contentTerms(chapter.title));
  const summary = new Set(contentTerms(chapter.summary));
  let score = 0;
  for (const term of terms) score += title.has(term) ? 1 : summary.has(term) ? 0.6 : 0;
  return score / terms.length;
}

/**
 * For each chapter, the id of the available image that fits it best, if any reaches the
 * threshold. Each image is used at most once; the best pairs are taken first, ties going to the
 * earlier chapter and then the earlier image, so the result is stable.
 */
export function matchImagesToChapters(
  chapters: readonly ImageChapter[],
  images: readonly AvailableImage[],
  threshold = IMAGE_MATCH_THRESHOLD,
): (string | undefined)[] {
  const termsByImage = images.map(imageTerms);
  const pairs: { chapter: number; image: number; score: number }[] = [];
  chapters.forEach((chapter, c) => {
    termsByImage.forEach((terms, i) => {
      const score = imageMatchScore(chapter, terms);
      if (score >= threshold) pairs.push({ chapter: c, image: i, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.chapter - b.chapter || a.image - b.image);
  const result: (string | undefined)[] = chapters.map(() => undefined);
  const usedImages = new Set<number>();
  for (const pair of pairs) {
    if (result[pair.chapter] !== undefined || usedImages.has(pair.image)) continue;
    result[pair.chapter] = images[pair.image]?.id;
    usedImages.add(pair.image);
  }
  return result;
}
