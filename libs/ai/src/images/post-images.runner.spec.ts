import type { ConfigType } from '@nestjs/config';
import type { JobContext } from '@app/shared';
import { aiConfig } from '../ai.config.js';
import type { PlannedImage } from '../steps/images-plan.step.js';
import type { ChapterImageResolver, ImageRequester } from './chapter-image.resolver.js';
import type { PostImage } from './post-image.js';
import { PostImagesRunner, summarizeImages } from './post-images.runner.js';

/** A job context whose steps are checkpointed in a map, as JobExecutionService does in job_steps. */
function jobContext(done = new Map<string, unknown>()): JobContext & { ran: string[] } {
  const ran: string[] = [];
  return {
    job: { id: 'job-1', userId: 'user-1', type: 'generate_blog', input: {}, documentId: null, attempts: 1, maxCostMicros: null },
    signal: new AbortController().signal,
    ran,
    throwIfCanceled: async () => undefined,
    attachDocument: async () => undefined,
    once: <T>(_key: string, load: () => Promise<T>) => load(),
    step: async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      if (done.has(name)) return done.get(name) as T;
      ran.push(name);
      const output = await run();
      done.set(name, output);
      return output;
    },
  };
}

/** The ai slice with these image limits (set directly: a 1000-byte budget is below what the environment allows). */
function config(images: Partial<ConfigType<typeof aiConfig>['images']>): ConfigType<typeof aiConfig> {
  const ai = aiConfig.from({});
  return { ...ai, images: { ...ai.images, ...images } };
}

const plans: PlannedImage[] = [0, 1, 2, 3].map((index) => ({ chapter_index: index, prompt: `p${index}`, alt_text: `a${index}`, placement: 'before' }));

/** Every image "generated" with the given stored size; records what it was asked for. */
function resolverOf(bytes: number, asked: ImageRequester[] = []): ChapterImageResolver {
  return {
    resolve: async (requester: ImageRequester, plan: PlannedImage): Promise<PostImage> => {
      asked.push(requester);
      return { ...plan, source: 'generated', media_id: `m${plan.chapter_index}`, url: `u${plan.chapter_index}`, stored_bytes: bytes };
    },
  } as unknown as ChapterImageResolver;
}

describe('PostImagesRunner', () => {
  it('runs each image as its own step named after its chapter, and leaves planned images past the limit without one', async () => {
    const asked: ImageRequester[] = [];
    const context = jobContext();
    const runner = new PostImagesRunner(resolverOf(10, asked), config({ maxPerPost: 3, maxTotalBytes: 1000, concurrency: 2 }));
    const images = await runner.run(context, plans);
    expect(context.ran.sort()).toEqual(['image_1', 'image_2', 'image_3']);
    expect(asked.map((requester) => requester.step).sort()).toEqual(['image_1', 'image_2', 'image_3']);
    expect(asked[0]).toMatchObject({ userId: 'user-1', jobId: 'job-1' });
    expect(summarizeImages(images)).toEqual({
      planned: 4,
      chosen: 0,
      generated: 3,
      without_image: 1,
      problems: [{ chapter_index: 3, code: 'images_limit', message: expect.stringContaining('3 images') }],
    });
  });

  it('starts no new image once the post’s images take IMAGES_MAX_TOTAL_BYTES', async () => {
    const runner = new PostImagesRunner(resolverOf(600, []), config({ maxPerPost: 10, maxTotalBytes: 1000, concurrency: 1 }));
    const images = await runner.run(jobContext(), plans);
    expect(images.map((image) => image.source)).toEqual(['generated', 'generated', 'none', 'none']);
    expect(images[2]?.error?.code).toBe('images_budget_exceeded');
  });

  it('counts the bytes of images finished on an earlier attempt, which it does not make again', async () => {
    const earlier = new Map<string, unknown>([['image_1', { ...plans[0], source: 'generated', stored_bytes: 1000 }]]);
    const asked: ImageRequester[] = [];
    const context = jobContext(earlier);
    const runner = new PostImagesRunner(resolverOf(10, asked), config({ maxPerPost: 10, maxTotalBytes: 1000, concurrency: 1 }));
    const images = await runner.run(context, plans.slice(0, 2));
    expect(asked).toHaveLength(0);
    expect(images.map((image) => [image.source, image.error?.code])).toEqual([
      ['generated', undefined],
      ['none', 'images_budget_exceeded'],
    ]);
  });
});
