/**
 * The shapes the AI steps exchange and their limits, in one place: the steps and the extractive
 * writer both build on them, so neither has to import the other for a type or a bound.
 */

export const MIN_CHAPTERS = 1;
export const MAX_CHAPTERS = 20;
export const MAX_KEY_POINTS = 8;
export const CHAPTER_TITLE_MAX_CHARS = 100;
export const SUMMARY_MAX_CHARS = 600;
export const KEY_POINT_MAX_CHARS = 300;
export const SEO_TITLE_MAX_CHARS = 60;
export const SEO_DESCRIPTION_MAX_CHARS = 160;
export const SEO_MIN_KEYWORDS = 5;
export const SEO_MAX_KEYWORDS = 10;

/** A paragraph of a post and the source sentences (by their number in the source) it was written from. */
export interface CitedParagraph {
  markdown: string;
  sources: number[];
}

export interface ChapterDraft {
  heading: string;
  /** The chapter's body, without its heading. */
  markdown: string;
  /** The body paragraph by paragraph with what each cites; absent when written without a numbered source. */
  paragraphs?: CitedParagraph[];
}

/** A post's opening and closing: what the reader will get, and what it all comes to. */
export interface IntroConclusion {
  introduction: CitedParagraph[];
  conclusion: { heading: string; paragraphs: CitedParagraph[] };
}

/** A user's brand voice as the prompts carry it (see brand-voices). */
export interface BrandVoiceProfile {
  name: string;
  description: string;
  do: string[];
  dont: string[];
  sample_text?: string;
}

/** How a post should read: given to every step that writes. */
export interface StyleOptions {
  tone?: string;
  audience?: string;
  /** The language to write in, as the user named it (a tag or a name). */
  language?: string;
  brand_voice?: BrandVoiceProfile;
}

export interface TranscriptSegment {
  start_s: number;
  dur_s: number;
  text: string;
}

export interface Chapter {
  title: string;
  summary: string;
  /** Start of the chapter's first transcript segment, in seconds; only with segments. */
  start_s?: number;
}

/** What the model answers: chapters point at their first segment by index; the step turns that into start_s. */
export interface ChaptersAnswer {
  chapters: { title: string; summary: string; first_segment: number | null }[];
}

/** The answer of a single-call compose: every chapter at once. */
export interface ComposeAnswer {
  sections: { heading: string; paragraphs: CitedParagraph[] }[];
}

export interface OutlineChapter {
  title: string;
  summary: string;
  key_points: string[];
}

export interface Outline {
  title: string;
  chapters: OutlineChapter[];
}

/** An outline the user wrote: its titles are kept; summaries and key points may be left for the model. */
export interface GivenOutline {
  title?: string;
  chapters: { title: string; summary?: string; key_points?: string[] }[];
}

export interface OutlineOptions extends StyleOptions {
  /** Words the finished post should have. */
  length?: number;
  /** 1..20; the outline has exactly this many chapters. Ignored when `outline` is given. */
  chapters_count?: number;
  /** Without chapters_count: the most chapters the source can fill (a model chooses up to it). */
  max_chapters?: number;
  outline?: GivenOutline;
}

export interface OutlineOutput {
  outline: Outline;
}

export interface SeoOutlineHint {
  title: string;
  chapters?: { title: string; summary?: string }[];
}

export interface SeoOutput {
  /** At most 60 characters. */
  title: string;
  /** At most 160 characters. */
  description: string;
  /** Lowercase a-z, 0-9 and hyphens, at most 80 characters, made from the title. */
  slug: string;
  /** 5..10 unique lowercase keywords. */
  keywords: string[];
}
