import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { matchImagesToChapters } from './image.matcher.js';
import { runImagePlanStep } from './images-plan.step.js';

const chapters = [
  { title: 'Feeding the Starter', summary: 'How often to feed a sourdough starter and what ratio to use.' },
  { title: 'Baking in a Dutch Oven', summary: 'Preheat the pot, score the loaf and bake with the lid on.' },
  { title: 'Reading the Crumb', summary: 'What dense or open crumb tells you about fermentation.' },
];
const images = [
  { id: 'img-oven', name: 'IMG_2041_dutchOven-bake.JPG' },
  { id: 'img-cat', name: 'cat.png', alt: 'my cat sleeping' },
  { id: 'img-starter', name: 'jar.jpg', alt: 'Sourdough starter in a jar after feeding' },
];

describe('image plan step', () => {
  it('matches available images to chapters by their words, one image per chapter', () => {
    expect(matchImagesToChapters(chapters, images)).toEqual(['img-starter', 'img-oven', undefined]);
    expect(matchImagesToChapters(chapters, [])).toEqual([undefined, undefined, undefined]);
  });

  it('plans one image per chapter with the extractive engine, deterministically', async () => {
    const engine = new ExtractiveEngine();
    const plan = await runImagePlanStep(engine, { chapters, available_images: images });
    expect(plan.images.map((image) => [image.chapter_index, image.media_id])).toEqual([
      [0, 'img-starter'],
      [1, 'img-oven'],
      [2, undefined],
    ]);
    for (const image of plan.images) {
      expect(image.prompt.length).toBeGreaterThan(0);
      expect(image.alt_text.length).toBeGreaterThan(0);
      expect(image.alt_text.length).toBeLessThanOrEqual(125);
      expect(['before', 'after']).toContain(image.placement);
    }
    expect(await runImagePlanStep(engine, { chapters, available_images: images })).toEqual(plan);
  });

  it('drops unknown or reused media ids, out-of-range chapters and duplicates from a model answer', async () => {
    const model = new ScriptedChatModel(() => ({
      images: [
        { chapter_index: 2, prompt: 'crumb shot', alt_text: 'Open crumb', placement: 'after', media_id: 'img-oven' },
        { chapter_index: 1, prompt: 'oven', alt_text: 'Oven', placement: 'sideways', media_id: 'img-oven' },
        { chapter_index: 2, prompt: 'again', alt_text: 'Again', placement: 'before', media_id: null },
        { chapter_index: 7, prompt: 'nowhere', alt_text: 'x', placement: 'before', media_id: 'nope' },
        { chapter_index: 0, prompt: '', alt_text: '', placement: 'before', media_id: 'invented' },
      ],
    }));
    const plan = await runImagePlanStep(model, { chapters, available_images: images });
    expect(plan.images).toHaveLength(3);
    expect(plan.images[2]).toMatchObject({ chapter_index: 2, prompt: 'crumb shot', placement: 'after', media_id: 'img-oven' });
    expect(plan.images[1]).toMatchObject({ chapter_index: 1, placement: 'before' });
    expect(plan.images[1]?.media_id).toBeUndefined();
    expect(plan.images[0]).toMatchObject({ chapter_index: 0, media_id: 'img-starter' });
    expect(plan.images[0]?.prompt).toContain('Feeding the Starter');
  });
});
