import { planSource } from '../writing/source-plan.js';
import { SAMPLE_TRANSCRIPT } from './__fixtures__/sample-text.js';
import { writeChapters, writeOutline, writeSeo } from './extractive.writer.js';

describe('the writers reading a text again', () => {
  it('write the same outline, chapters and SEO whether the text was just read, read long ago or never', () => {
    const text = planSource(SAMPLE_TRANSCRIPT).text;
    const seo = writeSeo(text);
    const outline = writeOutline(text, { chapters_count: 4 });
    const chapters = writeChapters(text, undefined, 3);
    expect(writeSeo(text)).toEqual(seo);
    expect(writeOutline(text, { chapters_count: 4 })).toEqual(outline);
    // Other texts read in between push this one out of the few kept.
    for (let i = 0; i < 6; i += 1) writeSeo(`${text}\n\nOne more paragraph, number ${i}, about the oven and the flour.`);
    expect(writeChapters(text, undefined, 3)).toEqual(chapters);
    expect(writeOutline(text, { chapters_count: 4 })).toEqual(outline);
    expect(writeSeo(text)).toEqual(seo);
    expect(outline.outline.chapters).toHaveLength(4);
  });
});
