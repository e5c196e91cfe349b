// What the quality bench's fake model answers: a cooperative but unremarkable writer that works
// only from what each prompt gives it, the way a small model does. It copies numbered source
// sentences into paragraphs and cites them, opens every chapter with the same stock sentence
// (a repetition the pipeline must catch and rewrite away), cites one sentence it was never given
// (which the pipeline must drop), and drops its stock sentence when told what to avoid. It never
// sees the whole source except in the outline prompt. Deterministic: same prompt, same answer.

const INPUT = /<input>\n([\s\S]*?)\n<\/input>/;
const NUMBERED = /^\[(\d+)\]\s+(.*)$/;

function inputOf(body) {
  const prompt = body.messages.map((message) => message.content).join('\n');
  const blocks = [...prompt.matchAll(new RegExp(INPUT.source, 'g'))];
  return JSON.parse(blocks.at(-1)?.[1] ?? '{}');
}

function numbered(text) {
  return (text ?? '')
    .split('\n')
    .map((line) => NUMBERED.exec(line))
    .filter(Boolean)
    .map((match) => ({ n: Number(match[1]), text: match[2] }));
}

function sentences(text) {
  return (text ?? '')
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])/u)
    .filter((sentence) => sentence.split(' ').length >= 4);
}

function titleCase(words) {
  return words.map((word, i) => (i > 0 && ['of', 'the', 'a', 'an', 'and', 'in', 'on', 'to', 'for'].includes(word.toLowerCase()) ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1))).join(' ');
}

/** A model-ish title: the opening words of a sentence, cut before a verb-looking word. */
function shortTitle(sentence, maxWords = 6) {
  const words = sentence.replace(/[^\p{L}\p{N}\s'-]/gu, '').split(/\s+/).filter(Boolean);
  return titleCase(words.slice(0, maxWords));
}

function outline(input) {
  const paragraphs = input.text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim());
  const words = input.text.split(/\s+/).length;
  const count = input.options?.outline?.chapters?.length || input.options?.chapters_count || Math.min(8, Math.max(1, Math.round(words / 350)));
  const size = Math.max(1, Math.ceil(paragraphs.length / count));
  const chapters = Array.from({ length: count }, (_, i) => {
    const chunk = sentences(paragraphs.slice(i * size, (i + 1) * size).join(' '));
    const first = chunk[0] ?? paragraphs[0] ?? 'Part';
    return {
      title: input.options?.outline?.chapters?.[i]?.title ?? shortTitle(first, 5),
      summary: first,
      key_points: chunk.slice(1, 4),
    };
  });
  return { outline: { title: shortTitle(sentences(input.text)[0] ?? 'A post', 7), chapters } };
}

function chapterDraft(input) {
  const source = numbered(input.source);
  const rewrite = Array.isArray(input.avoid) && input.avoid.length > 0;
  const target = input.target_words ?? 250;
  const picked = [];
  let words = 0;
  for (const sentence of source) {
    if (words >= target) break;
    picked.push(sentence);
    words += sentence.text.split(' ').length;
  }
  const paragraphs = [];
  for (let i = 0; i < picked.length; i += 3) {
    const group = picked.slice(i, i + 3);
    paragraphs.push({ markdown: group.map((sentence) => sentence.text).join(' '), sources: group.map((sentence) => sentence.n) });
  }
  if (!rewrite && paragraphs.length > 0) {
    paragraphs[0] = {
      markdown: `In this part of the post we take a closer look at what matters most here. ${paragraphs[0].markdown}`,
      sources: [...paragraphs[0].sources, 999_999],
    };
  }
  return { heading: input.chapter?.title ?? 'Chapter', paragraphs };
}

function introConclusion(input) {
  const opening = numbered(input.opening);
  const closing = numbered(input.closing);
  const titles = (input.chapters ?? []).map((chapter) => chapter.title.toLowerCase());
  const list = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}` : (titles[0] ?? 'the topic');
  return {
    introduction: [{ markdown: `${opening.map((sentence) => sentence.text).join(' ')} This post walks through ${list}.`.trim(), sources: opening.map((sentence) => sentence.n) }],
    conclusion: { heading: 'Key Takeaways', paragraphs: [{ markdown: closing.map((sentence) => sentence.text).join(' '), sources: closing.map((sentence) => sentence.n) }] },
  };
}

function seo(input) {
  const first = sentences(input.text)[0] ?? input.outline?.title ?? 'A post';
  const words = (input.text.toLowerCase().match(/\p{L}{5,}/gu) ?? []).reduce((counts, word) => counts.set(word, (counts.get(word) ?? 0) + 1), new Map());
  const keywords = [...words.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([word]) => word);
  return { title: input.outline?.title ?? shortTitle(first, 7), description: first.slice(0, 158), slug: 'post', keywords };
}

const WRITERS = { outline, chapter_draft: chapterDraft, intro_conclusion: introConclusion, seo };

/** The answer content for a chat-completions request body, or undefined for the fake's default. */
export function cooperativeWriter(body) {
  const name = body.response_format?.json_schema?.name;
  const write = WRITERS[name];
  return write ? JSON.stringify(write(inputOf(body))) : undefined;
}
