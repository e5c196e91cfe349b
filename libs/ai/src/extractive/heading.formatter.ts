const MINOR_WORDS: ReadonlySet<string> = new Set(
  'a an the and but or nor for so yet as at by in of off on per to up via vs from into onto with over'.split(' '),
);

function capitalize(word: string): string {
  return word
    .split('-')
    .map((part) => (part.length === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('-');
}

/** Title Case that leaves acronyms and mixed-case names ("API", "iPhone") alone. */
export function toTitleCase(text: string): string {
  const words = text.trim().split(/\s+/).filter((word) => word.length > 0);
  return words
    .map((word, index) => {
      if (/\p{Lu}/u.test(word.slice(1))) return word;
      const lower = word.toLowerCase();
      if (index > 0 && index < words.length - 1 && MINOR_WORDS.has(lower)) return lower;
      return capitalize(lower);
    })
    .join(' ');
}

export function stripTrailingPunctuation(text: string): string {
  return text.replace(/[\s.,;:!?…\-–—·]+$/u, '');
}

/** Cuts at a word boundary so that the result has at most maxChars characters. */
export function truncateAtWord(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  const cut = chars.slice(0, maxChars).join('');
  const next = chars[maxChars] ?? ' ';
  if (/\s/.test(next)) return cut.trimEnd();
  const lastSpace = cut.search(/\s\S*$/);
  return (lastSpace > maxChars * 0.4 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

/** A heading: one line, Title Case, no trailing punctuation, at most maxChars characters. */
export function toHeading(text: string, maxChars = 80): string {
  const line = text.replace(/^#+\s*/, '').replace(/\s+/g, ' ').trim();
  return stripTrailingPunctuation(truncateAtWord(stripTrailingPunctuation(toTitleCase(line)), maxChars));
}

/** A model-written heading made safe to use: one line, no markdown marks or wrapping quotes, no trailing punctuation; casing kept. */
export function cleanHeading(text: string, maxChars = 80): string {
  const line = text
    .replace(/\s+/g, ' ')
    .replace(/^#+\s*/, '')
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/^["'“‘](.*)["'”’]$/, '$1')
    .trim();
  return stripTrailingPunctuation(truncateAtWord(stripTrailingPunctuation(line), maxChars));
}

/** One line of prose, at most maxChars, cut at a word boundary (with an ellipsis when cut). */
export function clampLine(text: string, maxChars: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if ([...line].length <= maxChars) return line;
  return `${stripTrailingPunctuation(truncateAtWord(line, maxChars - 1))}…`;
}
