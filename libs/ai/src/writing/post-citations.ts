import { createHash } from 'node:crypto';
import { type ChapterDraft, type CitedParagraph, type IntroConclusion } from '../steps/step.contracts.js';
import { type SourceSentence } from './source-plan.js';

/** One source sentence a paragraph came from, and where it is. */
export interface CitedSpan {
  /** Its number in the cleaned source (as the prompts showed it). */
  sentence: number;
  /** Offsets in the document's original text (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** Seconds into the recording (captions and transcripts). */
  start_s?: number;
  end_s?: number;
  /** Page of a PDF. */
  page?: number;
}

export type PostSection = 'introduction' | 'chapter' | 'conclusion';

export interface ParagraphCitation {
  section: PostSection;
  /** For a chapter's paragraph: which chapter, from 0. */
  chapter_index?: number;
  /** The paragraph's place in its section, from 0. */
  paragraph: number;
  /** A hash of the paragraph's text: finds the paragraph again in the post's Markdown, also after edits elsewhere. */
  fingerprint: string;
  sources: CitedSpan[];
}

/** What kind of source the spans point into, and the video for links. */
export interface CitationSource {
  kind: 'text' | 'captions' | 'pdf' | 'youtube';
  video_id?: string;
}

export interface PostCitations {
  source: CitationSource;
  paragraphs: ParagraphCitation[];
}

/** A paragraph's identity: its text with whitespace collapsed, hashed (16 hex characters). */
export function paragraphFingerprint(markdown: string): string {
  return createHash('sha256').update(markdown.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
}

function span(sentence: SourceSentence): CitedSpan {
  return {
    sentence: sentence.n,
    start: sentence.start,
    end: sentence.end,
    ...(sentence.start_s !== undefined ? { start_s: sentence.start_s, end_s: sentence.end_s ?? sentence.start_s } : {}),
    ...(sentence.page !== undefined ? { page: sentence.page } : {}),
  };
}

/**
 * Every paragraph of a post with the source spans it came from: sentence numbers turned into
 * offsets (and seconds or pages) of the original text. A number the source does not have is
 * dropped; a paragraph citing nothing (a list of the chapters) is left out.
 */
export function resolveCitations(
  sentences: readonly SourceSentence[],
  parts: { framing?: IntroConclusion; drafts: readonly ChapterDraft[] },
  source: CitationSource,
): PostCitations {
  const byNumber = new Map(sentences.map((sentence) => [sentence.n, sentence]));
  const paragraphs: ParagraphCitation[] = [];
  const add = (list: readonly CitedParagraph[] | undefined, section: PostSection, chapterIndex?: number): void => {
    (list ?? []).forEach((paragraph, index) => {
      const sources = paragraph.sources.flatMap((n) => {
        const sentence = byNumber.get(n);
        return sentence ? [span(sentence)] : [];
      });
      if (sources.length === 0) return;
      paragraphs.push({
        section,
        ...(chapterIndex !== undefined ? { chapter_index: chapterIndex } : {}),
        paragraph: index,
        fingerprint: paragraphFingerprint(paragraph.markdown),
        sources,
      });
    });
  };
  add(parts.framing?.introduction, 'introduction');
  parts.drafts.forEach((draft, index) => add(draft.paragraphs, 'chapter', index));
  add(parts.framing?.conclusion.paragraphs, 'conclusion');
  return { source, paragraphs };
}

/** The kind of source a document is, for its citations. */
export function citationSourceOf(document: { sourceType: string; sourceRef?: string | null }, facts: { segments?: unknown; page_offsets?: unknown }): CitationSource {
  if (document.sourceType === 'youtube' && document.sourceRef) return { kind: 'youtube', video_id: document.sourceRef };
  if (Array.isArray(facts.segments) && facts.segments.length > 0) return { kind: 'captions' };
  if (Array.isArray(facts.page_offsets) && facts.page_offsets.length > 0) return { kind: 'pdf' };
  return { kind: 'text' };
}
