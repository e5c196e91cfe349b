import { SAMPLE_TRANSCRIPT, sampleSegments } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { runChaptersStep } from './chapters.step.js';

const engine = new ExtractiveEngine();

describe('chapters.organize step', () => {
  it('sets start_s to the start of the first segment of each chapter, rising from 0', async () => {
    const segments = sampleSegments();
    const { chapters } = await runChaptersStep(engine, { text: SAMPLE_TRANSCRIPT, segments, chapters_count: 5 });
    expect(chapters).toHaveLength(5);
    expect(chapters[0]?.start_s).toBe(0);
    const starts = new Set(segments.map((segment) => segment.start_s));
    for (let i = 0; i < chapters.length; i += 1) {
      expect(starts.has(chapters[i]?.start_s ?? -1)).toBe(true);
      if (i > 0) expect(chapters[i]?.start_s ?? 0).toBeGreaterThan(chapters[i - 1]?.start_s ?? 0);
    }
  });

  it('leaves start_s out without segments', async () => {
    const { chapters } = await runChaptersStep(engine, { text: SAMPLE_TRANSCRIPT });
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    expect(chapters.every((chapter) => chapter.start_s === undefined && chapter.title.length > 0)).toBe(true);
  });

  it("maps a model's segment indexes to start_s keeping every chapter with rising segments when its indexes go back or past the end", async () => {
    const segments = [0, 10, 20, 30, 40].map((start) => ({ start_s: start, dur_s: 10, text: `Segment at ${start}.` }));
    const model = new ScriptedChatModel(() => ({
      chapters: [
        { title: 'One', summary: 'a', first_segment: 2 },
        { title: 'Two', summary: 'b', first_segment: 3 },
        { title: 'Three', summary: 'c', first_segment: 1 },
        { title: 'Four', summary: 'd', first_segment: 99 },
      ],
    }));
    const { chapters } = await runChaptersStep(model, { text: '', segments });
    expect(chapters.map((chapter) => [chapter.title, chapter.start_s])).toEqual([
      ['One', 0],
      ['Two', 20],
      ['Three', 30],
      ['Four', 40],
    ]);
  });
});
