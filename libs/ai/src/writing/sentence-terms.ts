import { contentTerms } from '../extractive/word.tokenizer.js';
import { type SourcePlan } from './source-plan.js';

const byPlan = new WeakMap<SourcePlan, Map<string, readonly string[]>>();

/**
 * The content terms of a source's sentences, each worked out once per source plan: its frame, its
 * chapter spans and its chapter slices index the same sentences again. Kept as long as the plan is.
 */
export function planTerms(plan: SourcePlan): (text: string) => readonly string[] {
  let known = byPlan.get(plan);
  if (!known) {
    known = new Map();
    byPlan.set(plan, known);
  }
  const memo = known;
  return (text) => {
    let terms = memo.get(text);
    if (!terms) {
      terms = contentTerms(text, plan.profile);
      memo.set(text, terms);
    }
    return terms;
  };
}
