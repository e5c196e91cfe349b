import { checkPostQuality, headingProblem, type PostQualityInput } from './post-quality.js';

const chapterOne = 'Bulk fermentation is the first long rise of the dough. At room temperature it takes four to five hours, longer in a cold kitchen.';
const chapterTwo = 'A Dutch oven traps the steam of the loaf while it bakes. Bake twenty minutes with the lid on, then twenty-five without it.';

function post(chapters: string[], overrides: Partial<PostQualityInput> = {}): PostQualityInput {
  const introduction = 'This post walks through sourdough from the first rise to the bake.';
  const conclusion = 'Give the dough time, and give the oven heat.';
  const headings = chapters.map((_, i) => `## Chapter Heading ${i + 1}`);
  const markdown = `# Sourdough at Home\n\n${introduction}\n\n${chapters.map((body, i) => `${headings[i]}\n\n${body}`).join('\n\n')}\n\n## Conclusion\n\n${conclusion}\n`;
  return {
    title: 'Sourdough at Home',
    description: 'From the first rise to the bake.',
    slug: 'sourdough-at-home',
    keywords: ['sourdough', 'bread', 'starter', 'dutch oven', 'fermentation'],
    markdown,
    chapters: chapters.length,
    chapterBodies: chapters,
    introduction,
    conclusion,
    ...overrides,
  };
}

describe('checkPostQuality', () => {
  it('passes a post with an introduction, distinct chapters and a conclusion', () => {
    const quality = checkPostQuality(post([chapterOne, chapterTwo]));
    expect(quality).toMatchObject({ ok: true, problems: [], max_chapter_overlap: 0 });
    expect(quality.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['introduction', 'conclusion', 'chapter_overlap', 'headings', 'no_repeated_sentence']));
  });

  it('fails a draft whose chapters repeat each other (more than 5% of their 4-grams shared)', () => {
    const repetitive = `${chapterTwo} Bulk fermentation is the first long rise of the dough, and it decides the loaf.`;
    const quality = checkPostQuality(post([chapterOne, repetitive]));
    expect(quality.ok).toBe(false);
    expect(quality.max_chapter_overlap).toBeGreaterThan(0.05);
    expect(quality.checks.find((check) => check.name === 'chapter_overlap')?.ok).toBe(false);
    expect(quality.problems.join(' ')).toMatch(/share .*% of their 4-grams/);
  });

  it('fails a post without an introduction or a conclusion, and a conclusion copied from a chapter', () => {
    const bare = post([chapterOne, chapterTwo]);
    const noIntro = checkPostQuality({ ...bare, introduction: '', markdown: bare.markdown.replace(/This post walks.*\n\n/, '') });
    expect(noIntro.problems).toContain('the post has no introduction');
    const noConclusion = checkPostQuality({ ...bare, conclusion: '', markdown: bare.markdown.replace(/\n\n## Conclusion[\s\S]*$/, '\n') });
    expect(noConclusion.problems).toContain('the post has no conclusion');
    const copied = checkPostQuality({ ...bare, conclusion: chapterTwo, markdown: bare.markdown.replace('Give the dough time, and give the oven heat.', chapterTwo) });
    expect(copied.problems).toEqual(expect.arrayContaining(['the conclusion repeats chapter 2', 'a sentence appears twice in the post']));
  });

  it('fails headings made of two keywords joined by "and" and titles that stop on a function word', () => {
    expect(headingProblem('Pile and Want')).toMatch(/two keywords joined by "and"/);
    expect(headingProblem('San Diego and Je')).toBeUndefined();
    expect(headingProblem('Masa y Harina')).toMatch(/joined by "y"/);
    expect(headingProblem('The Weight of the')).toMatch(/ends on "the"/);
    expect(headingProblem('Stretch and Folds Build Strength')).toBeUndefined();
    expect(checkPostQuality(post([chapterOne, chapterTwo], { title: 'Bread and Starter' })).problems[0]).toMatch(/two keywords/);
  });
});
