/**
 * How a step sees its part of the source: one sentence per line, each led by its number in the
 * whole source (`[12] …`), a blank line between paragraphs. A model cites sentences by these
 * numbers; the extractive engine reads them back.
 */
export interface NumberedSentence {
  n: number;
  text: string;
  paragraph: number;
}

export function numberedSource(sentences: readonly NumberedSentence[]): string {
  const lines: string[] = [];
  let paragraph: number | undefined;
  for (const sentence of sentences) {
    if (paragraph !== undefined && sentence.paragraph !== paragraph) lines.push('');
    lines.push(`[${sentence.n}] ${sentence.text}`);
    paragraph = sentence.paragraph;
  }
  return lines.join('\n');
}

const LINE = /^\[(\d{1,7})\]\s+(.*\S)\s*$/;

/** The sentences of a numbered source, with their paragraphs; lines that are not numbered sentences are left out. */
export function parseNumberedSource(text: string): NumberedSentence[] {
  const sentences: NumberedSentence[] = [];
  let paragraph = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (sentences.length > 0 && sentences.at(-1)!.paragraph === paragraph) paragraph += 1;
      continue;
    }
    const match = LINE.exec(line);
    if (match) sentences.push({ n: Number(match[1]), text: match[2]!, paragraph });
  }
  return sentences;
}
