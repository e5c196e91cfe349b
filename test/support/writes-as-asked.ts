import type { FakeChatRequest } from '../fakes/openai-chat.fake.js';

/*
 * A fake model's answers for tests that bill real runs (money, batches): what each step asks for,
 * at the asked length, so a post costs about its quote (the default fake answers with tiny placeholders).
 */
const VOCABULARY = ['river', 'flood', 'plain', 'water', 'season', 'farmer', 'delta', 'rain', 'valley', 'harvest'];
const words = (count: number) => Array.from({ length: count }, (_, i) => VOCABULARY[i % VOCABULARY.length]).join(' ');

/** The step's input as the prompt carries it (the JSON between <input> and </input>). */
function promptInput(request: FakeChatRequest): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const prompt = request.messages.at(-1)!.content;
  return JSON.parse(/<input>\n([^<]*)\n<\/input>/.exec(prompt)![1]!);
}

/** A model that writes what each step asks for, at the asked length. */
export function writesAsAsked(request: FakeChatRequest): string {
  const input = promptInput(request);
  switch (request.response_format?.json_schema?.name) {
    case 'outline': {
      const count = input.options?.chapters_count ?? 4;
      const chapters = Array.from({ length: count }, (_, i) => ({ title: `Part ${i + 1} ${words(4)}`, summary: words(28), key_points: [words(9), words(9), words(9)] }));
      return JSON.stringify({ outline: { title: words(7), chapters } });
    }
    case 'chapter_draft':
      return JSON.stringify({ heading: input.chapter.title, paragraphs: [{ markdown: words(input.target_words), sources: [] }] });
    case 'intro_conclusion': {
      const half = Math.round((input.target_words ?? 120) / 2);
      return JSON.stringify({ introduction: [{ markdown: words(half), sources: [] }], conclusion: { heading: 'In short', paragraphs: [{ markdown: words(half), sources: [] }] } });
    }
    case 'seo':
      return JSON.stringify({ title: words(7), description: words(24), slug: 'rivers', keywords: VOCABULARY.slice(0, 7) });
    default:
      return '{}';
  }
}
