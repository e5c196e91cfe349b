import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { runOutlineStep } from './outline.step.js';
import { readInputBlock } from './prompt-input.codec.js';

const engine = new ExtractiveEngine();

describe('outline step', () => {
  it.each([1, 3, 7, 20])('returns exactly %i chapters when asked, each titled and summarized', async (count) => {
    const { outline } = await runOutlineStep(engine, { text: SAMPLE_TRANSCRIPT, options: { chapters_count: count } });
    expect(outline.chapters).toHaveLength(count);
    expect(outline.title.length).toBeGreaterThan(0);
    for (const chapter of outline.chapters) {
      expect(chapter.title).toMatch(/^\S.*[^\s.,;:!?]$/);
      expect(chapter.summary.length).toBeGreaterThan(0);
    }
    expect(new Set(outline.chapters.map((chapter) => chapter.title)).size).toBe(count);
  });

  it('keeps a given outline: its title, its chapter titles and its order', async () => {
    const given = {
      title: 'My Sourdough Notes',
      chapters: [{ title: 'Baking in a Dutch Oven' }, { title: 'Keeping the Starter Alive', key_points: ['Feed it daily'] }, { title: 'Shaping the Loaf' }],
    };
    const { outline } = await runOutlineStep(engine, { text: SAMPLE_TRANSCRIPT, options: { outline: given, chapters_count: 5 } });
    expect(outline.title).toBe('My Sourdough Notes');
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual(given.chapters.map((chapter) => chapter.title));
    expect(outline.chapters[1]?.key_points).toEqual(['Feed it daily']);
    expect(outline.chapters[0]?.summary.toLowerCase()).toMatch(/oven|bake|lid/);
  });

  it('holds a model to the count and the given titles, filling what it left out', async () => {
    const model = new ScriptedChatModel(() => ({
      outline: { title: '', chapters: [{ title: 'Renamed!', summary: 'About ovens.', key_points: ['a', 'a', ' '] }] },
    }));
    const { outline } = await runOutlineStep(model, { text: SAMPLE_TRANSCRIPT, options: { chapters_count: 4 } });
    expect(outline.chapters).toHaveLength(4);
    expect(outline.chapters[0]).toEqual({ title: 'Renamed', summary: 'About ovens.', key_points: ['a'] });
    expect(outline.title.length).toBeGreaterThan(0);

    const kept = await runOutlineStep(model, { text: SAMPLE_TRANSCRIPT, options: { outline: { chapters: [{ title: 'Ovens' }, { title: 'Starters' }] } } });
    expect(kept.outline.chapters.map((chapter) => chapter.title)).toEqual(['Ovens', 'Starters']);
    expect(kept.outline.chapters[0]?.summary).toBe('About ovens.');
  });

  it('truncates a model that writes too many chapters and passes the options in the input block', async () => {
    const chapter = (i: number) => ({ title: `Chapter ${i}`, summary: 's', key_points: [] });
    const model = new ScriptedChatModel(() => ({ outline: { title: 'T', chapters: Array.from({ length: 9 }, (_, i) => chapter(i)) } }));
    const { outline } = await runOutlineStep(model, { text: 'Some text.', options: { chapters_count: 3, tone: 'warm' } });
    expect(outline.chapters.map((c) => c.title)).toEqual(['Chapter 0', 'Chapter 1', 'Chapter 2']);
    expect(readInputBlock(model.requests[0]?.prompt ?? '')).toEqual({ text: 'Some text.', options: { chapters_count: 3, tone: 'warm' } });
  });

  it('still gives the asked number of chapters for a two-sentence text', async () => {
    const { outline } = await runOutlineStep(engine, { text: 'Bread needs time. Flour and water make dough.', options: { chapters_count: 5 } });
    expect(outline.chapters).toHaveLength(5);
  });
});
