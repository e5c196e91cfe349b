/**
 * Blanks Markdown syntax out of a source with spaces of the same length (line breaks kept), so a
 * pasted or uploaded Markdown document reads as prose while every offset still points into the
 * original: code blocks, headings, tables and images go; link, emphasis and list marks go and
 * their text stays; each list item becomes its own paragraph.
 */
function spaces(match: string): string {
  return match.replace(/[^\n]/g, ' ');
}

/** A mark opening a line becomes a paragraph break when it is long enough to hold one. */
function breakLine(match: string): string {
  return match.length >= 2 ? `\n\n${' '.repeat(match.length - 2)}` : ' ';
}

export function maskMarkdown(text: string): string {
  return text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, spaces)
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+[^\n]*$/gm, spaces)
    // A Setext heading: the text line and its underline.
    .replace(/^[^\n]*\S[ \t]*\n[ \t]*(?:=+|-{2,})[ \t]*$/gm, spaces)
    .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, spaces)
    .replace(/^[ \t]*\|[^\n]*$/gm, spaces)
    .replace(/!\[[^\]\n]*\]\([^)\n]*\)/g, spaces)
    .replace(/\[([^\]\n]+)\]\((?:[^()\n]|\([^)\n]*\))*\)/g, (match, label: string) => ` ${label}${' '.repeat(match.length - label.length - 1)}`)
    .replace(/\[([^\]\n]+)\]\[[^\]\n]*\]/g, (match, label: string) => ` ${label}${' '.repeat(match.length - label.length - 1)}`)
    .replace(/^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$/gm, spaces)
    .replace(/<\/?[A-Za-z][^>\n]*>/g, spaces)
    .replace(/^[ \t]*>[ \t]?/gm, spaces)
    .replace(/^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)/gm, breakLine)
    .replace(/`+/g, spaces)
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, (_match, mark: string, inner: string) => `${' '.repeat(mark.length)}${inner}${' '.repeat(mark.length)}`)
    .replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, ' $1 ')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, ' $1 ');
}
