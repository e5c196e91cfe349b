import { autoChapterCount } from '../extractive/extractive.writer.js';
import { splitSentences } from '../extractive/sentence.splitter.js';
import { type PostImage } from '../images/post-image.js';
import type { ChatModel } from '../models/chat-model.js';
import { type ChapterDraftInput, outlineCoverage, runChapterDraftStep } from '../steps/chapter-draft.step.js';
import { assemblePost, chapterTargetFor, type ComposeOutput, framingWords, unappliedOptions } from '../steps/compose.step.js';
import { runIntroConclusionStep } from '../steps/intro-conclusion.step.js';
import { runOutlineStep } from '../steps/outline.step.js';
import { runSeoStep } from '../steps/seo.step.js';
import { sliceLimitFor } from '../steps/source-slice.selector.js';
import type { OnModelCall } from '../steps/step-request.js';
import { type BrandVoiceProfile, type ChapterDraft, type GivenOutline, type IntroConclusion, type Outline, type SeoOutput, type StyleOptions } from '../steps/step.contracts.js';
import { mapBounded, settleAll } from '../concurrency.js';
import { chapterCountFor, planChapters } from '../writing/chapter-plan.js';
import { fourGrams, MAX_CHAPTER_OVERLAP, pairwiseOverlaps } from '../writing/ngram-overlap.js';
import { type CitationSource, type PostCitations, resolveCitations } from '../writing/post-citations.js';
import { frameSource } from '../writing/post-frame.js';
import { assertSourceLongEnough, planSource, type SourceFacts, type SourcePlan } from '../writing/source-plan.js';
import { writingLanguage } from '../writing/writing-language.js';
import { checkPostQuality, type PostQuality } from './post-quality.js';

export interface GenerateBlogOptions {
  tone?: string;
  audience?: string;
  /** Words the post should have. */
  length?: number;
  language?: string;
  chapters_count?: number;
  /** Plan an image per chapter. */
  images?: boolean;
  /** An outline to respect (titles and order kept). */
  outline?: GivenOutline;
  /** The brand voice the request named, and the profile the API read for it when the job was launched. */
  brand_voice_id?: string;
  brand_voice?: BrandVoiceProfile;
}

/** Runs one model step under a name (the pipeline checkpoints and meters it; a bench just calls it). */
export type StepCall = <I extends object, O>(name: string, input: I, run: (model: ChatModel, input: I, onCall: OnModelCall) => Promise<O>) => Promise<O>;

export interface PostWriterDeps {
  model: ChatModel;
  step: StepCall;
  /** Work without a model call that is still checkpointed (compose). */
  checkpoint: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  chapterConcurrency: number;
  /** The chapter images, made while the chapters are written (none unless asked for). */
  images?: (outline: Outline) => Promise<PostImage[]>;
}

export interface PostSource {
  text: string;
  facts: SourceFacts;
  citationSource: CitationSource;
}

export interface WrittenPost {
  title: string;
  outline: Outline;
  seo: SeoOutput;
  drafts: ChapterDraft[];
  framing: IntroConclusion;
  images: PostImage[];
  composed: ComposeOutput;
  citations: PostCitations;
  quality: PostQuality;
  /** ISO 639-1 of the post (or the language as asked, when not recognized). */
  language: string;
  warnings: string[];
  /** The cleaned, numbered source the post was written from. */
  plan: SourcePlan;
}

/** Passages of another chapter a rewrite is told to avoid, at most. */
const AVOID_PASSAGES = 12;

/**
 * Writes a post from a source, step by step: the source cleaned and numbered (and refused when too
 * short or, for the extractive engine, in another language than asked) → `outline` (as many
 * chapters as asked, or as the source can fill) → in parallel `seo`, `chapter_1..N` (each given
 * only its own run of the source's sentences and what its siblings cover), `intro_conclusion` and
 * the images → `chapter_N_rewrite` for a chapter that repeats another (one round) → `compose` →
 * citations and quality checks.
 */
export async function writePost(deps: PostWriterDeps, source: PostSource, options: GenerateBlogOptions): Promise<WrittenPost> {
  const engine = deps.model.engine;
  const plan = planSource(source.text, source.facts);
  assertSourceLongEnough(plan);
  const language = writingLanguage(engine, options.language, plan.language);
  const style: StyleOptions & { source_language: string } = {
    tone: options.tone,
    audience: options.audience,
    language: language.requested,
    brand_voice: options.brand_voice,
    source_language: plan.language,
  };
  const warnings = unappliedOptions(engine, options);
  const frame = frameSource(plan);
  const count = options.outline ? undefined : chapterCountFor(frame, options.chapters_count, autoChapterCount);
  if (count?.reducedFrom !== undefined) {
    warnings.push(`${count.reducedFrom} chapters were asked for; the source has enough for ${count.count}, so the post has ${count.count}`);
  }

  const { outline } = await deps.step(
    'outline',
    {
      text: plan.text,
      source_language: plan.language,
      options: {
        ...style,
        length: options.length,
        // A model picks how many chapters the source needs (within what it can fill) unless the caller said.
        ...(count && (options.chapters_count !== undefined || engine === 'extractive') ? { chapters_count: count.count } : count ? { max_chapters: count.most } : {}),
        outline: options.outline,
      },
    },
    runOutlineStep,
  );

  const target = chapterTargetFor(options.length, outline.chapters.length);
  const dealt = planChapters(plan, outline.chapters, sliceLimitFor(target), frame);
  const coverage = outlineCoverage(outline);
  const chapterInput = (index: number): ChapterDraftInput => ({
    ...style,
    outline,
    chapter_index: index,
    siblings: coverage.filter((_, i) => i !== index),
    source_slice: dealt.slices[index] ?? '',
    target_words: target,
  });
  const [seo, firstDrafts, framing, images] = await settleAll(
    deps.step('seo', { ...style, text: plan.text, outline: { title: outline.title, chapters: outline.chapters } }, runSeoStep),
    mapBounded(outline.chapters, deps.chapterConcurrency, (_, index) => deps.step(`chapter_${index + 1}`, chapterInput(index), runChapterDraftStep)),
    deps.step(
      'intro_conclusion',
      { ...style, title: outline.title, chapters: coverage, opening: dealt.opening, closing: dealt.closing, target_words: framingWords(options.length) },
      runIntroConclusionStep,
    ),
    deps.images ? deps.images(outline) : Promise.resolve<PostImage[]>([]),
  );
  const drafts = await withoutRepeats(deps, firstDrafts, chapterInput, plan);

  const title = seo.title || outline.title;
  const composed = await deps.checkpoint('compose', async () =>
    assemblePost({ title, drafts, outline, engine, length: options.length, images, framing, language: language.code, warnings }),
  );
  const quality = checkPostQuality({
    title,
    description: seo.description,
    slug: seo.slug,
    keywords: seo.keywords,
    markdown: composed.markdown,
    chapters: composed.meta.chapters,
    chapterBodies: drafts.map((draft) => draft.markdown),
    introduction: paragraphsText(framing.introduction),
    conclusion: paragraphsText(framing.conclusion.paragraphs),
    requestedWords: options.length,
    lengthNote: composed.meta.length_note,
    language: plan.language,
  });
  return {
    title,
    outline,
    seo,
    drafts,
    framing,
    images,
    composed,
    citations: resolveCitations(plan.sentences, { framing, drafts }, source.citationSource),
    quality,
    language: language.code,
    warnings,
    plan,
  };
}

export function paragraphsText(paragraphs: readonly { markdown: string }[]): string {
  return paragraphs.map((paragraph) => paragraph.markdown).join('\n\n');
}

/**
 * One bounded round of rewrites: a chapter sharing more than MAX_CHAPTER_OVERLAP of its 4-grams
 * with an earlier chapter is written again (`chapter_N_rewrite`), told which passages of the other
 * chapters it must not repeat. A chapter is rewritten at most once.
 */
async function withoutRepeats(deps: PostWriterDeps, drafts: ChapterDraft[], inputOf: (index: number) => ChapterDraftInput, plan: SourcePlan): Promise<ChapterDraft[]> {
  const repeating = pairwiseOverlaps(
    drafts.map((draft) => draft.markdown),
    plan.profile,
  ).filter((pair) => pair.overlap > MAX_CHAPTER_OVERLAP);
  if (repeating.length === 0) return drafts;
  const targets = [...new Set(repeating.map((pair) => pair.b))];
  const rewritten = await mapBounded(targets, deps.chapterConcurrency, (index) => {
    const own = fourGrams(drafts[index]?.markdown ?? '', plan.profile);
    const passages = repeating
      .filter((pair) => pair.b === index)
      .flatMap((pair) => splitSentences(drafts[pair.a]?.markdown ?? '', plan.profile))
      .filter((sentence) => [...fourGrams(sentence, plan.profile)].some((gram) => own.has(gram)));
    const avoid = [...new Set(passages)].slice(0, AVOID_PASSAGES);
    return deps.step(`chapter_${index + 1}_rewrite`, { ...inputOf(index), avoid }, runChapterDraftStep);
  });
  const result = [...drafts];
  targets.forEach((index, i) => {
    result[index] = rewritten[i]!;
  });
  return result;
}
