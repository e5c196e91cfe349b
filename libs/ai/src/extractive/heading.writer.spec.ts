import { readFileSync } from 'node:fs';
import { languageProfile } from '../language/language.profile.js';
import { headingProblem } from '../pipeline/post-quality.js';
import { planSource } from '../writing/source-plan.js';
import { SAMPLE_TRANSCRIPT } from './__fixtures__/sample-text.js';
import { formatHeading, postTitle, sectionHeadings } from './heading.writer.js';

describe('sectionHeadings', () => {
  const parts = SAMPLE_TRANSCRIPT.split('\n\n');
  const sections = [parts.slice(0, 5).join('\n\n'), parts.slice(5, 10).join('\n\n'), parts.slice(10).join('\n\n')];

  it('titles each part with a phrase or short claim of its own wording, never two keywords joined by "and"', () => {
    const headings = sectionHeadings(sections);
    expect(new Set(headings).size).toBe(3);
    for (const heading of headings) {
      expect(headingProblem(heading)).toBeUndefined();
      expect(heading.length).toBeLessThanOrEqual(60);
      const words = heading.toLowerCase().split(' ').filter((word) => word.length > 3);
      for (const word of words) expect(SAMPLE_TRANSCRIPT.toLowerCase()).toContain(word);
    }
  });

  it('keeps a part’s own source heading', () => {
    expect(sectionHeadings(['Some text about users.', 'More text.'], languageProfile('en'), ['Setting up the two users', undefined])[0]).toBe('Setting up the Two Users');
  });
});

describe('postTitle', () => {
  it('reads as a title of the source’s wording, under 60 characters', () => {
    const title = postTitle(planSource(SAMPLE_TRANSCRIPT).text);
    expect(title.length).toBeGreaterThan(3);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(headingProblem(title)).toBeUndefined();
  });

  it('uses the source’s own title when it has one, cut to length without a dangling word', () => {
    expect(postTitle('# Rotating database credentials without downtime\n\nText.')).toBe('Rotating Database Credentials Without Downtime');
    const spanish = languageProfile('es');
    expect(postTitle('# Cómo reducir el desperdicio de alimentos en un restaurante pequeño y familiar\n\nTexto.', spanish)).toBe('Cómo reducir el desperdicio de alimentos en un restaurante');
    expect(formatHeading('la masa madre de', spanish)).toBe('La masa madre');
  });

  it('titles a Spanish article with Spanish words, in sentence case', () => {
    const article = readFileSync(new URL('../../../../bench/quality/corpus/articulo.es.txt', import.meta.url), 'utf8');
    const plan = planSource(article.split('\n\n').slice(1).join('\n\n'));
    const title = postTitle(plan.text, plan.profile);
    expect(title).toMatch(/^\p{Lu}\p{Ll}/u);
    expect(title).not.toMatch(/\b(?:de|la|el|en|y)$/);
    for (const word of title.toLowerCase().split(' ')) expect(article.toLowerCase()).toContain(word);
  });
});
