import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import type { ChatModel, StructuredRequest } from '../models/chat-model.js';
import { ScriptedChatModel } from '../steps/__fixtures__/scripted-chat.model.js';
import { readInputBlock } from '../steps/prompt-input.codec.js';
import type { BrandVoiceProfile } from '../steps/step.contracts.js';
import { parseNumberedSource } from '../writing/numbered-source.js';
import { type GenerateBlogOptions, type PostWriterDeps, writePost } from './post-writer.js';

function deps(model: ChatModel, steps: string[] = []): PostWriterDeps {
  return {
    model,
    step: async (name, input, run) => {
      steps.push(name);
      return run(model, input, async () => undefined);
    },
    checkpoint: async (_name, work) => work(),
    chapterConcurrency: 3,
  };
}

function write(model: ChatModel, text: string, options: GenerateBlogOptions = {}, steps: string[] = []) {
  return writePost(deps(model, steps), { text, facts: {}, citationSource: { kind: 'text' } }, options);
}

const VOICE: BrandVoiceProfile = {
  name: 'Crumb & Co',
  description: 'Warm, plain-spoken baking advice',
  do: ['short sentences', 'address the reader as you'],
  dont: ['exclamation marks'],
  sample_text: 'You do not need fancy gear. You need patience and a warm corner.',
};

/** A model that answers each schema from the sentences its prompt gives it, and records every prompt. */
function echoModel(options: { repeat?: string } = {}): ScriptedChatModel {
  return new ScriptedChatModel((request: StructuredRequest) => {
    const input = readInputBlock(request.prompt);
    switch (request.schemaName) {
      case 'outline':
        return {
          outline: {
            title: 'Sourdough at Home',
            chapters: [
              { title: 'The Starter', summary: 'Feeding and testing the starter.', key_points: ['double in size'] },
              { title: 'Bulk Fermentation', summary: 'The first long rise.', key_points: ['stretch and folds'] },
              { title: 'Baking Day', summary: 'Scoring and baking in a Dutch oven.', key_points: ['lid on, then off'] },
            ],
          },
        };
      case 'chapter_draft': {
        const given = parseNumberedSource(String(input.source));
        const avoid = Array.isArray(input.avoid) ? (input.avoid as string[]) : [];
        const lines = given.slice(0, 4).map((sentence) => ({ markdown: sentence.text, sources: [sentence.n] }));
        const repeat = options.repeat && !avoid.some((passage) => passage.includes(options.repeat!)) ? [{ markdown: options.repeat, sources: [] }] : [];
        return { heading: 'x', paragraphs: [...repeat, ...lines] };
      }
      case 'intro_conclusion':
        return {
          introduction: [{ markdown: 'This post covers the starter, the first rise and the bake.', sources: [] }],
          conclusion: { heading: 'What It Comes To', paragraphs: [{ markdown: 'Patience makes the loaf.', sources: [] }] },
        };
      case 'seo':
        return { title: 'Sourdough at Home', description: 'From starter to loaf.', slug: 'x', keywords: ['sourdough', 'starter', 'bread', 'oven', 'dough'] };
      default:
        return {};
    }
  });
}

describe('writePost', () => {
  it('gives a post an introduction, its chapters and a conclusion, using each source sentence at most once', async () => {
    const post = await write(new ExtractiveEngine(), SAMPLE_TRANSCRIPT, { chapters_count: 4 });
    const markdown = post.composed.markdown;
    expect(markdown).toMatch(/^# .+\n\n[^#]/);
    expect(markdown.match(/^## .+$/gm)).toHaveLength(5);
    expect(markdown).toMatch(/## Conclusion\n\n\S/);
    const cited = post.citations.paragraphs.flatMap((paragraph) => paragraph.sources.map((source) => source.sentence));
    expect(cited.length).toBeGreaterThan(10);
    expect(new Set(cited).size).toBe(cited.length);
    expect(post.quality).toMatchObject({ ok: true });
    for (const source of post.citations.paragraphs.flatMap((paragraph) => paragraph.sources)) {
      expect(source.start).toBeGreaterThanOrEqual(0);
      expect(source.end).toBeLessThanOrEqual(SAMPLE_TRANSCRIPT.length);
    }
  });

  it('writes fewer chapters than asked for a short source, down to one, and says so in the warnings', async () => {
    const short = SAMPLE_TRANSCRIPT.split('\n\n').slice(1, 3).join('\n\n');
    const post = await write(new ExtractiveEngine(), short, { chapters_count: 6 });
    expect(post.drafts.length).toBeLessThan(6);
    expect(post.drafts.length).toBeGreaterThanOrEqual(1);
    expect(post.warnings[0]).toMatch(new RegExp(`6 chapters were asked for; the source has enough for ${post.drafts.length}`));
    expect(post.composed.meta.warnings).toEqual(post.warnings);
  });

  it('says which options the extractive engine could not apply', async () => {
    const post = await write(new ExtractiveEngine(), SAMPLE_TRANSCRIPT, { tone: 'playful', brand_voice: VOICE });
    expect(post.warnings).toEqual([
      'tone "playful" was not applied: the extractive engine reuses the source\'s own sentences',
      'brand voice "Crumb & Co" was not applied: the extractive engine reuses the source\'s own sentences',
    ]);
  });

  it('refuses to write a Spanish source in English with the extractive engine (422), and lets a model do it', async () => {
    const spanish = 'La masa madre es una mezcla de harina y agua que fermenta sola. '.repeat(1) +
      'Se alimenta cada día con partes iguales de harina y de agua. Cuando dobla su volumen en pocas horas, está lista para hacer pan. ' +
      'El pan necesita tiempo, calor y paciencia para crecer bien en casa. Un horno muy caliente le da una corteza crujiente y dorada.';
    await expect(write(new ExtractiveEngine(), spanish, { language: 'English' })).rejects.toMatchObject({ code: 'language_unsupported' });
    const model = echoModel();
    const post = await write(model, spanish, { language: 'English' });
    expect(post.language).toBe('en');
    for (const request of model.requests) expect(request.prompt).toContain('Write in this language: English (en).');
  });

  it('gives tone, audience, language and the brand voice to every step that writes', async () => {
    const model = echoModel();
    await write(model, SAMPLE_TRANSCRIPT, { tone: 'friendly', audience: 'home bakers', language: 'en', brand_voice: VOICE });
    const schemas = model.requests.map((request) => request.schemaName);
    expect(new Set(schemas)).toEqual(new Set(['outline', 'seo', 'chapter_draft', 'intro_conclusion']));
    for (const request of model.requests) {
      for (const expected of ['Brand voice "Crumb & Co": Warm, plain-spoken baking advice', 'Do: short sentences; address the reader as you.', "Don't: exclamation marks.", 'You need patience and a warm corner', 'Tone: friendly.', 'Audience: home bakers.', 'Write in this language: English (en).']) {
        expect({ schema: request.schemaName, contains: request.prompt.includes(expected), expected }).toEqual({ schema: request.schemaName, contains: true, expected });
      }
    }
  });

  it('gives each chapter its own sentences, the outline and what its siblings cover', async () => {
    const model = echoModel();
    await write(model, SAMPLE_TRANSCRIPT);
    const chapters = model.requests.filter((request) => request.schemaName === 'chapter_draft').map((request) => readInputBlock(request.prompt));
    expect(chapters).toHaveLength(3);
    const numbers = chapters.map((input) => parseNumberedSource(String(input.source)).map((sentence) => sentence.n));
    const all = numbers.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const input of chapters) {
      expect(input.outline).toEqual({ title: 'Sourdough at Home', chapters: ['The Starter', 'Bulk Fermentation', 'Baking Day'] });
      expect((input.siblings as unknown[]).length).toBe(2);
    }
  });

  it('rewrites a chapter that repeats another (once), telling it what to avoid', async () => {
    const repeated = 'Every good loaf starts with a lively starter and a patient baker who waits for the dough.';
    const steps: string[] = [];
    const model = echoModel({ repeat: repeated });
    const post = await write(model, SAMPLE_TRANSCRIPT, {}, steps);
    expect(steps.filter((step) => step.endsWith('_rewrite')).sort()).toEqual(['chapter_2_rewrite', 'chapter_3_rewrite']);
    const rewrites = model.requests.filter((request) => readInputBlock(request.prompt).avoid !== undefined);
    expect(rewrites).toHaveLength(2);
    for (const request of rewrites) {
      expect(readInputBlock(request.prompt).avoid).toEqual([repeated]);
      expect(request.prompt).toContain('This is a rewrite');
    }
    expect(post.composed.markdown.split(repeated)).toHaveLength(2);
    expect(post.quality.max_chapter_overlap).toBeLessThanOrEqual(0.05);
  });

  it('refuses a source too short to make a post', async () => {
    await expect(write(new ExtractiveEngine(), 'Water the basil twice a week and bring it inside before the first frost.')).rejects.toMatchObject({
      code: 'source_too_short',
    });
  });
});
