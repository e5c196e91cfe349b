import { tokenize } from '../extractive/word.tokenizer.js';
import { languageProfile } from '../language/language.profile.js';
import { splitSentences } from '../extractive/sentence.splitter.js';
import { lengthBounds, markdownWordCount } from '../steps/length-policy.js';
import { SEO_DESCRIPTION_MAX_CHARS, SEO_MAX_KEYWORDS, SEO_MIN_KEYWORDS, SEO_TITLE_MAX_CHARS } from '../steps/step.contracts.js';
import { fourGrams, MAX_CHAPTER_OVERLAP, MAX_CONCLUSION_OVERLAP, maxPairwiseGramOverlap, overlapOf } from '../writing/ngram-overlap.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface PostQualityInput {
  title: string;
  description: string;
  slug: string;
  keywords: readonly string[];
  markdown: string;
  /** Chapters the outline had. */
  chapters: number;
  /** Each chapter's body (without its heading), in order. */
  chapterBodies: readonly string[];
  introduction: string;
  conclusion: string;
  /** Words asked for, if any. */
  requestedWords?: number;
  /** Why the post missed the asked length (the extractive engine cannot write more than the source). */
  lengthNote?: string;
  /** The post's language (ISO 639-1), for its function words. */
  language?: string;
}

export interface QualityCheck {
  name: string;
  ok: boolean;
}

export interface PostQuality {
  ok: boolean;
  word_count: number;
  /** The largest share of word 4-grams two chapters have in common (0..1). */
  max_chapter_overlap: number;
  /** Every rule and whether the post meets it. */
  checks: QualityCheck[];
  /** One line per rule the post breaks. */
  problems: string[];
}

/** "and" in the languages whose headings we check: two words joined by it are a pair of keywords, not a heading. */
const AND_WORDS = ['and', 'y', 'e', 'und', 'et', 'en', 'och', 'og', 'i', 'a'];
/** Articles, prepositions and conjunctions: a heading never stops on one. */
const DANGLING_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but nor of to in on at for with from by as into onto via
  el la los las un una unos unas y o de del en con por para al
  der die das den dem des ein eine einen einem und oder von zu zum zur im mit für auf an
  le les une et ou du des à au aux avec pour sur
  il lo gli di della dei per con`.split(/\s+/),
);

/** A heading of two keywords glued by "and" ("Pile and Want"), or one that stops on a function word ("The Weight of the"). */
export function headingProblem(heading: string): string | undefined {
  const words = heading.trim().split(/\s+/);
  if (words.length === 3 && AND_WORDS.includes((words[1] ?? '').toLowerCase())) return `"${heading}" is two keywords joined by "${words[1]}"`;
  const last = tokenize(heading).at(-1);
  if (last && words.length > 1 && DANGLING_WORDS.has(last)) return `"${heading}" ends on "${last}"`;
  if (!/\p{L}/u.test(heading)) return `"${heading}" has no words`;
  return undefined;
}

function normalizedSentences(markdown: string): string[] {
  return splitSentences(markdown.replace(/^#+ .*$/gm, '').replace(/^\s*[-*] .*$/gm, ''))
    .map((sentence) => sentence.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter((sentence) => sentence.split(' ').length >= 4);
}

/**
 * The rules every generated post is held to: a title (≤ 60 characters, reading as a title), an
 * introduction, one `## ` heading per chapter and a conclusion under the last one, no empty chapter,
 * headings that are phrases rather than "X and Y", chapters sharing at most 5% of their word
 * 4-grams, a conclusion that is not a copy of a chapter, no sentence said twice, description ≤ 160,
 * a URL-safe slug, 5–10 keywords, and the asked length ±25% (or a length note saying why not).
 */
export function checkPostQuality(post: PostQualityInput): PostQuality {
  const checks: QualityCheck[] = [];
  const problems: string[] = [];
  const check = (name: string, problem: string | undefined): void => {
    checks.push({ name, ok: problem === undefined });
    if (problem !== undefined) problems.push(problem);
  };
  const profile = languageProfile(post.language);
  const headings = [...post.markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1]!.trim());
  const sections = post.markdown.split(/^## .*$/m);
  const hasConclusion = post.conclusion.trim().length > 0;
  const expected = post.chapters + (hasConclusion ? 1 : 0);

  check('title', post.title.trim().length === 0 || post.title.length > SEO_TITLE_MAX_CHARS ? `title must have 1 to ${SEO_TITLE_MAX_CHARS} characters` : headingProblem(post.title));
  check('introduction', markdownWordCount(post.introduction) > 0 && markdownWordCount(sections[0]?.replace(/^# .*$/m, '') ?? '') > 0 ? undefined : 'the post has no introduction');
  check('conclusion', hasConclusion && markdownWordCount(sections.at(-1) ?? '') > 0 ? undefined : 'the post has no conclusion');
  check('chapter_headings', headings.length === expected ? undefined : `${headings.length} section headings for ${post.chapters} chapters${hasConclusion ? ' and a conclusion' : ''}`);
  const empty = sections.slice(1).findIndex((section) => markdownWordCount(section) === 0);
  check('no_empty_chapter', empty === -1 ? undefined : `chapter ${empty + 1} is empty`);
  check('headings', headings.map((heading) => headingProblem(heading)).find((problem) => problem !== undefined));

  const bodyGrams = post.chapterBodies.map((body) => fourGrams(body, profile));
  const overlap = maxPairwiseGramOverlap(bodyGrams);
  check('chapter_overlap', overlap <= MAX_CHAPTER_OVERLAP ? undefined : `two chapters share ${(overlap * 100).toFixed(1)}% of their 4-grams (at most ${MAX_CHAPTER_OVERLAP * 100}%)`);
  const closing = fourGrams(post.conclusion, profile);
  const copied = bodyGrams.findIndex((grams) => overlapOf(closing, grams) > MAX_CONCLUSION_OVERLAP);
  check('conclusion_not_a_copy', copied === -1 ? undefined : `the conclusion repeats chapter ${copied + 1}`);
  const seen = new Set<string>();
  const repeated = normalizedSentences(post.markdown).find((sentence) => (seen.has(sentence) ? true : (seen.add(sentence), false)));
  check('no_repeated_sentence', repeated === undefined ? undefined : 'a sentence appears twice in the post');

  check('description', post.description.length > SEO_DESCRIPTION_MAX_CHARS ? `description longer than ${SEO_DESCRIPTION_MAX_CHARS} characters` : undefined);
  check('slug', SLUG_PATTERN.test(post.slug) ? undefined : 'slug is not URL-safe');
  check(
    'keywords',
    post.keywords.length < SEO_MIN_KEYWORDS || post.keywords.length > SEO_MAX_KEYWORDS ? `${post.keywords.length} keywords, not ${SEO_MIN_KEYWORDS} to ${SEO_MAX_KEYWORDS}` : undefined,
  );
  const words = markdownWordCount(post.markdown);
  let lengthProblem: string | undefined;
  if (post.requestedWords !== undefined && !post.lengthNote) {
    const { min, max } = lengthBounds(post.requestedWords);
    if (words < min || words > max) lengthProblem = `${words} words, not ${min} to ${max}`;
  }
  check('length', lengthProblem);
  return { ok: problems.length === 0, word_count: words, max_chapter_overlap: Math.round(overlap * 1000) / 1000, checks, problems };
}
