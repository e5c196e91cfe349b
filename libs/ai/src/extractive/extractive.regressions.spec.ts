import { SAMPLE_TRANSCRIPT } from './__fixtures__/sample-text.js';
import { ExtractiveEngine } from './extractive.engine.js';
import { runComposeStep } from '../steps/compose.step.js';
import { runOutlineStep } from '../steps/outline.step.js';

/**
 * What a new user saw from the zero-key engine before issue 15, through the step functions only
 * (so these run against the old code too): spoken noise kept, headings of two keywords joined by
 * "and", no introduction or conclusion, chapters that repeat each other.
 */
const engine = new ExtractiveEngine();

const NOISY_TALK = [
  'Hey everyone, and welcome back to the channel! (Applause)',
  SAMPLE_TRANSCRIPT.split('\n\n').slice(0, 6).join(' (Laughter)\n\n'),
  'So, um, you know, the the starter is, uh, the whole secret. (Laughter) [Music]',
  "That's it for today. Don't forget to like and subscribe, and leave a comment below!",
].join('\n\n');

function fourGrams(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= words.length; i += 1) grams.add(words.slice(i, i + 4).join(' '));
  return grams;
}

function maxOverlap(bodies: string[]): number {
  let max = 0;
  bodies.forEach((a, i) =>
    bodies.slice(i + 1).forEach((b) => {
      const [small, large] = [fourGrams(a), fourGrams(b)].sort((x, y) => x.size - y.size);
      if (small!.size > 0) max = Math.max(max, [...small!].filter((gram) => large!.has(gram)).length / small!.size);
    }),
  );
  return max;
}

describe('extractive posts a customer would publish', () => {
  it('leaves no stage direction, greeting, filler, sign-off or call to subscribe in the post', async () => {
    const { outline } = await runOutlineStep(engine, { text: NOISY_TALK, options: { chapters_count: 2 } });
    const post = await runComposeStep(engine, { outline, text: NOISY_TALK, length: 600 });
    expect(post.markdown).not.toMatch(/\((?:laughter|applause)\)|\[music\]|welcome back|\bum\b|\buh\b|subscribe|that's it for today|leave a comment|the the/i);
  });

  it('never titles a chapter with two keywords joined by "and"', async () => {
    for (const count of [3, 5, 8]) {
      const { outline } = await runOutlineStep(engine, { text: SAMPLE_TRANSCRIPT, options: { chapters_count: count } });
      for (const chapter of outline.chapters) expect(chapter.title).not.toMatch(/^\S+ and \S+$/i);
    }
  });

  it('opens with an introduction and ends with a conclusion, and its five chapters do not repeat each other', async () => {
    const { outline } = await runOutlineStep(engine, { text: SAMPLE_TRANSCRIPT, options: { chapters_count: 5 } });
    const post = await runComposeStep(engine, { outline, text: SAMPLE_TRANSCRIPT });
    const [intro, ...sections] = post.markdown.split(/^## /m);
    expect(intro!.replace(/^# .*$/m, '').trim().length).toBeGreaterThan(40);
    expect(sections).toHaveLength(6);
    expect(sections.at(-1)).toMatch(/^Conclusion\n\n\S/);
    const chapterBodies = sections.slice(0, 5).map((section) => section.split('\n').slice(1).join('\n'));
    expect(maxOverlap(chapterBodies)).toBeLessThanOrEqual(0.05);
  });
});
