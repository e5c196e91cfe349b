import { contentTerms } from '../extractive/word.tokenizer.js';
import { planTerms } from './sentence-terms.js';
import { planSource } from './source-plan.js';

const TEXT = 'The starter needs feeding every day. Bulk fermentation takes five hours. Shaping builds tension in the loaf.';

describe('planTerms', () => {
  it('gives each sentence its content terms, worked out once per plan', () => {
    const plan = planSource(TEXT);
    const terms = planTerms(plan);
    const first = plan.sentences[0]!.text;
    expect(terms(first)).toEqual(contentTerms(first, plan.profile));
    expect(terms(first)).toBe(terms(first));
    expect(planTerms(plan)(first)).toBe(terms(first));
  });

  it('keeps each plan’s terms apart', () => {
    const one = planSource(TEXT);
    const other = planSource(TEXT);
    const sentence = one.sentences[1]!.text;
    expect(planTerms(other)(sentence)).toEqual(planTerms(one)(sentence));
    expect(planTerms(other)(sentence)).not.toBe(planTerms(one)(sentence));
  });
});
