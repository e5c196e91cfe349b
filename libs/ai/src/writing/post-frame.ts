import { lengthFactor } from '../extractive/sentence.ranker.js';
import { cosine, TfIdfIndex } from '../extractive/tf-idf.index.js';
import { planTerms } from './sentence-terms.js';
import { type SourcePlan, type SourceSentence } from './source-plan.js';

/** The source split for writing: what opens the post, what closes it, and the rest for the chapters. */
export interface PostFrame {
  opening: SourceSentence[];
  closing: SourceSentence[];
  /** The chapters' sentences, in order: every source sentence the opening and closing do not take. */
  pool: SourceSentence[];
}

/** Sentences that say what a source is about: "Today we're…", "In this talk I'll…", "Hoy vamos a…". */
export const OPENING_CUES =
  /\b(?:today|tonight|this (?:talk|post|article|video|lecture|session|guide|tutorial|episode|week)|in this|i'?m going to|we'?re going to|we'?ll|we will|i want to|i'?d like to|let'?s talk|let me|you'?ll learn|you will learn|the goal|the question|is about|walkthrough|overview|hoy|vamos a|en este|en esta|quiero|heute|in diesem|wir werden|ich möchte|geht es um|aujourd'hui|dans cet|nous allons|oggi|in questo)\b/iu;
/** Sentences that sum up: "So remember…", "The key is…", "En resumen…". */
const CLOSING_CUES =
  /\b(?:remember|in short|in summary|to sum up|to summarize|summing up|the key|the main|the bottom line|the takeaway|the lesson|the point is|if you remember|overall|in the end|all in all|ultimately|that'?s why|most important|en resumen|en definitiva|lo importante|en conclusión|recuerda|zusammenfassend|kurz gesagt|am ende|das wichtigste|entscheidend|en résumé|retenez|in sintesi)\b/iu;

function regionSize(total: number): number {
  return Math.max(1, Math.min(Math.ceil(total * 0.2), Math.floor(total / 3)));
}

/**
 * Reserves the sentences an introduction and a conclusion are written from, before any chapter is:
 * the opening ones that best say what the source is about (central to the whole, early, with cue
 * words like "today" or "in this talk"), and the closing ones that best sum it up (central, late,
 * "remember", "the key"). One each for a short source, two for a long one. Since they leave the
 * chapters' pool, no sentence can be used twice.
 */
export function frameSource(plan: SourcePlan): PostFrame {
  const sentences = plan.sentences;
  const total = sentences.length;
  if (total < 3) return { opening: sentences.slice(0, 1), closing: [], pool: sentences.slice(1) };
  const index = new TfIdfIndex(
    sentences.map((sentence) => sentence.text),
    plan.profile,
    planTerms(plan),
  );
  const take = total >= 40 ? 2 : 1;
  const region = regionSize(total);
  const central = (i: number): number => cosine(index.vectors[i] ?? new Map<string, number>(), index.centroid);
  const pick = (indices: number[], cue: RegExp, late: boolean): number[] => {
    const scored = indices
      .filter((i) => (sentences[i]?.words ?? 0) >= 6 && !(late && sentences[i]!.text.endsWith('?')))
      .map((i, rank) => {
        const place = indices.length > 1 ? rank / (indices.length - 1) : 0;
        const timing = late ? 0.75 + 0.25 * place : 1 - 0.25 * place;
        const text = sentences[i]!.text;
        return { i, score: (central(i) + (cue.test(text) ? 0.25 : 0)) * timing * lengthFactor(text) };
      })
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const chosen = scored.slice(0, take).map((entry) => entry.i);
    return (chosen.length > 0 ? chosen : indices.slice(late ? -1 : 0, late ? undefined : 1)).sort((a, b) => a - b);
  };
  const openingIndices = pick(Array.from({ length: region }, (_, i) => i), OPENING_CUES, false);
  const closingIndices = pick(Array.from({ length: region }, (_, i) => total - region + i), CLOSING_CUES, true);
  const reserved = new Set([...openingIndices, ...closingIndices]);
  return {
    opening: openingIndices.map((i) => sentences[i]!),
    closing: closingIndices.map((i) => sentences[i]!),
    pool: sentences.filter((_, i) => !reserved.has(i)),
  };
}
