import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { countWords } from '../extractive/word.tokenizer.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { numberedSource } from '../writing/numbered-source.js';
import { planSource } from '../writing/source-plan.js';
import { runChapterDraftStep, siblingChapters, sliceSourceForChapter } from './chapter-draft.step.js';
import { type Outline } from './step.contracts.js';
import { readInputBlock } from './prompt-input.codec.js';

const outline: Outline = {
  title: 'Sourdough at Home',
  chapters: [
    { title: 'Keeping a Starter Active', summary: 'Feeding ratio and how to tell the starter is active.', key_points: ['double in size'] },
    { title: 'Baking in a Dutch Oven', summary: 'Preheat the pot, score the loaf, bake with the lid on then off.', key_points: ['parchment paper'] },
    { title: 'Common Problems', summary: 'Flat loaves, dense crumb, pale crust and sour taste.', key_points: [] },
  ],
};

describe('sliceSourceForChapter', () => {
  it('returns a smaller part of the source that keeps the relevant paragraphs in source order', () => {
    const slice = sliceSourceForChapter(SAMPLE_TRANSCRIPT, outline.chapters[1]!, outline.chapters, 2000);
    expect(slice.length).toBeGreaterThan(0);
    expect(slice.length).toBeLessThanOrEqual(2000);
    expect(slice.length).toBeLessThan(SAMPLE_TRANSCRIPT.length / 2);
    expect(slice).toContain('I bake in a Dutch oven');
    expect(slice).not.toContain('For feeding, I use a simple ratio');
    const paragraphs = slice.split('\n\n');
    const positions = paragraphs.map((paragraph) => SAMPLE_TRANSCRIPT.indexOf(paragraph));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('gives each chapter its own part of the source', () => {
    const starter = sliceSourceForChapter(SAMPLE_TRANSCRIPT, outline.chapters[0]!, outline.chapters, 1500);
    expect(starter).toContain('How do you know your starter is active?');
    expect(starter).not.toContain('I bake in a Dutch oven');
  });

  it('cuts a single oversized paragraph at a sentence end', () => {
    const text = 'The Dutch oven is hot. '.repeat(100).trim();
    const slice = sliceSourceForChapter(text, outline.chapters[1]!, outline.chapters, 100);
    expect(slice.length).toBeLessThanOrEqual(100);
    expect(slice.endsWith('.')).toBe(true);
  });
});

describe('chapter draft step', () => {
  const numbered = planSource(SAMPLE_TRANSCRIPT).sentences;
  const dutchOven = numbered.filter((sentence) => /dutch oven|lid|preheat|score/i.test(sentence.text));

  it('writes the chapter from its numbered slice, near the target length, under the outline title, citing its sentences', async () => {
    const input = { outline, chapter_index: 1, siblings: siblingChapters(outline, 1), source_slice: numberedSource(numbered.slice(0, 80)), target_words: 120 };
    const draft = await runChapterDraftStep(new ExtractiveEngine(), input);
    expect(draft.heading).toBe('Baking in a Dutch Oven');
    expect(draft.markdown).not.toMatch(/^#/m);
    expect(countWords(draft.markdown)).toBeGreaterThanOrEqual(90);
    expect(countWords(draft.markdown)).toBeLessThanOrEqual(150);
    const given = new Set(numbered.slice(0, 80).map((sentence) => sentence.n));
    for (const paragraph of draft.paragraphs ?? []) {
      expect(paragraph.sources.length).toBeGreaterThan(0);
      for (const n of paragraph.sources) expect(given.has(n)).toBe(true);
    }
    expect(draft.paragraphs?.map((paragraph) => paragraph.markdown).join('\n\n')).toBe(draft.markdown);
  });

  it('uses each source sentence at most once and only the ones it was given', async () => {
    const draft = await runChapterDraftStep(new ExtractiveEngine(), {
      outline,
      chapter_index: 1,
      siblings: [],
      source_slice: numberedSource(dutchOven),
      target_words: 400,
    });
    const cited = (draft.paragraphs ?? []).flatMap((paragraph) => paragraph.sources);
    expect(new Set(cited).size).toBe(cited.length);
    expect(cited.every((n) => dutchOven.some((sentence) => sentence.n === n))).toBe(true);
  });

  it('leaves out every sentence that repeats a passage it must avoid (a rewrite)', async () => {
    const slice = numberedSource(dutchOven);
    const first = await runChapterDraftStep(new ExtractiveEngine(), { outline, chapter_index: 1, siblings: [], source_slice: slice, target_words: 400 });
    const repeated = first.paragraphs![0]!.markdown.split(/(?<=[.!?])\s+/)[0]!;
    const again = await runChapterDraftStep(new ExtractiveEngine(), { outline, chapter_index: 1, siblings: [], source_slice: slice, target_words: 400, avoid: [repeated] });
    expect(again.markdown).not.toContain(repeated);
  });

  it('sends only the chapter, the outline’s titles, what its siblings cover and its numbered slice, and drops citations outside the slice', async () => {
    const model = new ScriptedChatModel(() => ({
      heading: 'Something else',
      paragraphs: [
        { markdown: `## Baking in a Dutch Oven\n\n# Big heading\n\n${'Word '.repeat(300)}`, sources: [3, 4, 999] },
        { markdown: 'Second paragraph.', sources: [] },
      ],
    }));
    const draft = await runChapterDraftStep(model, { outline, chapter_index: 1, siblings: siblingChapters(outline, 1), source_slice: '[3] One.\n[4] Two.', target_words: 100 });
    expect(draft.heading).toBe('Baking in a Dutch Oven');
    expect(draft.markdown.startsWith('### Big heading')).toBe(true);
    expect(countWords(draft.markdown)).toBeLessThanOrEqual(125);
    expect(draft.paragraphs?.[0]).toEqual({ markdown: '### Big heading', sources: [3, 4] });
    const block = readInputBlock(model.requests[0]?.prompt ?? '');
    expect(block.source).toBe('[3] One.\n[4] Two.');
    expect(block.outline).toEqual({ title: outline.title, chapters: outline.chapters.map((chapter) => chapter.title) });
    expect(block.siblings).toEqual([
      { title: 'Keeping a Starter Active', key_points: ['double in size'] },
      { title: 'Common Problems', key_points: ['Flat loaves, dense crumb, pale crust and sour taste.'] },
    ]);
    expect(block).not.toHaveProperty('text');
  });

  it('falls back to the summary and key points when the model writes nothing', async () => {
    const model = new ScriptedChatModel(() => ({ heading: '', paragraphs: [{ markdown: '  ', sources: [] }] }));
    const draft = await runChapterDraftStep(model, { outline, chapter_index: 0, siblings: [], source_slice: '', target_words: 100 });
    expect(draft.markdown).toBe('Feeding ratio and how to tell the starter is active.\n\n- double in size');
  });

  it('rejects a chapter index outside the outline', async () => {
    const model = new ScriptedChatModel(() => ({}));
    await expect(runChapterDraftStep(model, { outline, chapter_index: 3, siblings: [], source_slice: '', target_words: 100 })).rejects.toThrow(RangeError);
    expect(model.requests).toHaveLength(0);
  });
});
