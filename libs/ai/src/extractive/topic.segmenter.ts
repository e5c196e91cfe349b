import { ENGLISH, type LanguageProfile } from '../language/language.profile.js';
import { cosine, TfIdfIndex } from './tf-idf.index.js';

export interface TextUnit {
  text: string;
  words: number;
  /** True when the unit opens a paragraph: a natural place for a chapter to start. */
  opensParagraph: boolean;
  /** The source's own heading stands before the unit: the surest place for a chapter to start. */
  heading?: string;
}

const WINDOW = 3;

/**
 * Splits units into `count` contiguous, non-empty sections near equal length, moving each cut
 * to the nearby gap where the vocabulary changes most (TextTiling-style). Returns the index of
 * each section's first unit; requires units.length >= count.
 */
export function segmentUnits(
  units: readonly TextUnit[],
  count: number,
  profile: LanguageProfile = ENGLISH,
  /** The units' own index, when the caller has it already. */
  unitIndex?: TfIdfIndex,
): number[] {
  const n = units.length;
  if (count <= 1 || n === 0) return [0];
  if (n <= count) return units.map((_, i) => i).slice(0, count);

  const index =
    unitIndex ??
    new TfIdfIndex(
      units.map((unit) => unit.text),
      profile,
    );
  const gapSimilarity: number[] = [1];
  for (let gap = 1; gap < n; gap += 1) {
    const before = index.sum(index.vectors.slice(Math.max(0, gap - WINDOW), gap));
    const after = index.sum(index.vectors.slice(gap, Math.min(n, gap + WINDOW)));
    gapSimilarity[gap] = cosine(before, after);
  }

  const offsets: number[] = [0];
  for (const unit of units) offsets.push((offsets[offsets.length - 1] ?? 0) + Math.max(1, unit.words));
  const total = offsets[n] ?? n;
  const sectionWords = total / count;

  const starts = [0];
  for (let section = 1; section < count; section += 1) {
    const ideal = sectionWords * section;
    const previous = starts[starts.length - 1] ?? 0;
    const lowest = previous + 1;
    const highest = n - (count - section);
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let gap = lowest; gap <= highest; gap += 1) {
      const distance = Math.abs((offsets[gap] ?? 0) - ideal) / sectionWords;
      const cost = distance + 0.6 * (gapSimilarity[gap] ?? 1) - (units[gap]?.opensParagraph ? 0.15 : 0) - (units[gap]?.heading ? 0.5 : 0) + (distance > 0.35 ? 10 : 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = gap;
      }
    }
    starts.push(best);
  }
  return starts;
}
