export { buildPrompt, INPUT_CLOSE_TAG, INPUT_OPEN_TAG, PromptInputError, readInputBlock, renderInputBlock } from './prompt-input.codec.js';
export type { OnModelCall, StepRequest } from './step-request.js';
export {
  buildOutlineRequest,
  enforceOutline,
  type GivenOutline,
  MAX_CHAPTERS,
  type Outline,
  type OutlineChapter,
  type OutlineInput,
  type OutlineOptions,
  type OutlineOutput,
  OUTLINE_SCHEMA,
  OUTLINE_STEP,
  OUTLINE_SYSTEM,
  runOutlineStep,
} from './outline.step.js';
export {
  buildChaptersRequest,
  type Chapter,
  type ChaptersAnswer,
  type ChaptersInput,
  type ChaptersOutput,
  CHAPTERS_SCHEMA,
  CHAPTERS_STEP,
  CHAPTERS_SYSTEM,
  enforceChapters,
  runChaptersStep,
  type TranscriptSegment,
} from './chapters.step.js';
export {
  buildSeoRequest,
  enforceSeo,
  runSeoStep,
  SEO_DESCRIPTION_MAX_CHARS,
  SEO_MAX_KEYWORDS,
  SEO_MIN_KEYWORDS,
  SEO_SCHEMA,
  SEO_STEP,
  SEO_SYSTEM,
  SEO_TITLE_MAX_CHARS,
  type SeoInput,
  type SeoOutlineHint,
  type SeoOutput,
} from './seo.step.js';
export { foldDiacritics, SLUG_MAX_LENGTH, slugify } from './slug.formatter.js';
export {
  buildImagePlanRequest,
  enforceImagePlan,
  IMAGE_PLAN_SCHEMA,
  IMAGE_PLAN_SYSTEM,
  IMAGES_PLAN_STEP,
  type ImagePlacement,
  type ImagePlanAnswer,
  type ImagePlanInput,
  type ImagePlanOutput,
  type PlannedImage,
  runImagePlanStep,
} from './images-plan.step.js';
export { type AvailableImage, IMAGE_MATCH_THRESHOLD, type ImageChapter, matchImagesToChapters } from './image.matcher.js';
export {
  buildChapterDraftRequest,
  CHAPTER_DRAFT_SCHEMA,
  CHAPTER_DRAFT_STEP,
  CHAPTER_DRAFT_SYSTEM,
  type ChapterDraft,
  type ChapterDraftInput,
  enforceChapterDraft,
  runChapterDraftStep,
  sliceSourceForChapter,
} from './chapter-draft.step.js';
export { sliceLimitFor } from './source-slice.selector.js';
export {
  assemblePost,
  buildComposeRequest,
  COMPOSE_SCHEMA,
  COMPOSE_STEP,
  COMPOSE_SYSTEM,
  type ComposeAnswer,
  type ComposeInput,
  ComposeInputError,
  type ComposeMeta,
  type ComposeOutput,
  runComposeStep,
} from './compose.step.js';
export { renderPostHtml, sanitizePostHtml } from './post-html.renderer.js';
export {
  chapterWordTarget,
  LENGTH_TOLERANCE,
  lengthBounds,
  lengthNote,
  markdownWordCount,
  readingMinutes,
  trimMarkdownToWords,
} from './length-policy.js';
