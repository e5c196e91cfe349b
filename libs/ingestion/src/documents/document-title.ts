const MAX_TITLE = 120;

/** A title from the text itself: its first non-empty line, without Markdown heading marks, at most 120 characters. */
export function deriveTitle(text: string, fallback = 'Untitled document'): string {
  const line = text
    .split(/\r?\n/)
    .map((candidate) => candidate.replace(/^#{1,6}\s+/, '').replace(/\s+/g, ' ').trim())
    .find((candidate) => candidate.length > 0);
  if (!line) return fallback;
  if (line.length <= MAX_TITLE) return line;
  const cut = line.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
