import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { runSeoStep } from './seo.step.js';
import { type SeoOutput } from './step.contracts.js';
import { foldDiacritics, slugify } from './slug.formatter.js';

function expectWithinBounds(seo: SeoOutput): void {
  expect([...seo.title].length).toBeGreaterThan(0);
  expect([...seo.title].length).toBeLessThanOrEqual(60);
  expect([...seo.description].length).toBeGreaterThan(0);
  expect([...seo.description].length).toBeLessThanOrEqual(160);
  expect(seo.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  expect(seo.slug.length).toBeLessThanOrEqual(80);
  expect(seo.keywords.length).toBeGreaterThanOrEqual(5);
  expect(seo.keywords.length).toBeLessThanOrEqual(10);
  expect(new Set(seo.keywords).size).toBe(seo.keywords.length);
  for (const keyword of seo.keywords) expect(keyword).toBe(keyword.toLowerCase());
}

describe('seo step', () => {
  it('writes bounded fields from the source with the extractive engine', async () => {
    const seo = await runSeoStep(new ExtractiveEngine(), { text: SAMPLE_TRANSCRIPT });
    expectWithinBounds(seo);
    expect(seo.slug).toBe(slugify(seo.title));
  });

  it('holds an overlong, messy model answer to every bound', async () => {
    const model = new ScriptedChatModel(() => ({
      title: `Crème Brûlée & Sourdough: ${'a very long title '.repeat(10)}`,
      description: 'word '.repeat(80),
      slug: 'Not A Slug!!',
      keywords: ['Bread', 'bread', ' BREAD ', 'Sourdough Starter', '', ...Array.from({ length: 20 }, (_, i) => `Keyword ${i}`)],
    }));
    const seo = await runSeoStep(model, { text: SAMPLE_TRANSCRIPT });
    expectWithinBounds(seo);
    expect(seo.title.startsWith('Crème Brûlée & Sourdough')).toBe(true);
    expect(seo.slug.startsWith('creme-brulee-and-sourdough')).toBe(true);
    expect(seo.keywords.slice(0, 2)).toEqual(['bread', 'sourdough starter']);
  });

  it('fills keywords from the source when the model gives too few, and fixes empty fields', async () => {
    const model = new ScriptedChatModel(() => ({ title: '', description: '', slug: '', keywords: ['one'] }));
    const seo = await runSeoStep(model, { text: SAMPLE_TRANSCRIPT, outline: { title: 'Sourdough at Home' } });
    expectWithinBounds(seo);
    expect(seo.title).toBe('Sourdough at Home');
    expect(seo.keywords[0]).toBe('one');
  });

  it('still reaches five keywords for a tiny text', async () => {
    expectWithinBounds(await runSeoStep(new ExtractiveEngine(), { text: 'Hi.' }));
  });
});

describe('slugify', () => {
  it('folds diacritics and special letters into URL-safe ASCII', () => {
    expect(foldDiacritics('Ærøskøbing Straße Łódź Ñandú')).toBe('aeroskobing Strasse lodz Nandu');
    expect(slugify('Ærøskøbing: Straße & Łódź — Ñandú!')).toBe('aeroskobing-strasse-and-lodz-nandu');
    expect(slugify("  Don't  Panic -- 42  ")).toBe('dont-panic-42');
  });

  it('stays within 80 characters, cut at a hyphen, and never returns an empty slug', () => {
    const slug = slugify('sourdough '.repeat(20));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slugify('日本語のタイトル')).toMatch(/^post-[0-9a-f]{8}$/);
    expect(slugify('日本語のタイトル')).toBe(slugify('日本語のタイトル'));
  });
});
