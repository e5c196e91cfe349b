import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { countWords } from '../extractive/word.tokenizer.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { runChapterDraftStep, sliceSourceForChapter } from './chapter-draft.step.js';
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
  it('writes the chapter from its slice, near the target length, under the outline title', async () => {
    const slice = sliceSourceForChapter(SAMPLE_TRANSCRIPT, outline.chapters[1]!, outline.chapters, 3000);
    const input = { outline, chapter_index: 1, sibling_summaries: ['Feeding ratio and how to tell the starter is active.'], source_slice: slice, target_words: 120 };
    const draft = await runChapterDraftStep(new ExtractiveEngine(), input);
    expect(draft.heading).toBe('Baking in a Dutch Oven');
    expect(draft.markdown).not.toMatch(/^#/m);
    expect(countWords(draft.markdown)).toBeGreaterThanOrEqual(90);
    expect(countWords(draft.markdown)).toBeLessThanOrEqual(150);
    expect(draft.markdown.toLowerCase()).toContain('dutch oven');
  });

  it('sends only the chapter, its siblings and its slice to the model, and normalizes the answer', async () => {
    const model = new ScriptedChatModel(() => ({
      heading: 'Something else',
      markdown: `## Baking in a Dutch Oven\n\n# Big heading\n\n${'Word '.repeat(300)}`,
    }));
    const draft = await runChapterDraftStep(model, { outline, chapter_index: 1, sibling_summaries: [], source_slice: 'slice', target_words: 100 });
    expect(draft.heading).toBe('Baking in a Dutch Oven');
    expect(draft.markdown.startsWith('### Big heading')).toBe(true);
    expect(countWords(draft.markdown)).toBeLessThanOrEqual(125);
    const block = readInputBlock(model.requests[0]?.prompt ?? '');
    expect(block.source_slice).toBe('slice');
    expect(block).not.toHaveProperty('text');
  });

  it('falls back to the summary and key points when the model writes nothing', async () => {
    const model = new ScriptedChatModel(() => ({ heading: '', markdown: '  ' }));
    const draft = await runChapterDraftStep(model, { outline, chapter_index: 0, sibling_summaries: [], source_slice: '', target_words: 100 });
    expect(draft.markdown).toBe('Feeding ratio and how to tell the starter is active.\n\n- double in size');
  });

  it('rejects a chapter index outside the outline', async () => {
    const model = new ScriptedChatModel(() => ({}));
    await expect(runChapterDraftStep(model, { outline, chapter_index: 3, sibling_summaries: [], source_slice: '', target_words: 100 })).rejects.toThrow(RangeError);
    expect(model.requests).toHaveLength(0);
  });
});
