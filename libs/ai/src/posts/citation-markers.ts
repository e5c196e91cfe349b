import { type CitedSpan, paragraphFingerprint, type PostCitations } from '../writing/post-citations.js';

/**
 * Citations shown in a post's Markdown (export with `?citations=true`): after each paragraph that
 * has them, its source spans — a YouTube video's as `watch?v=…&t=…s` links, other recordings as
 * times, PDFs as pages, any other text as character offsets. Paragraphs are found by their text,
 * so an edited post keeps the citations of the paragraphs left as they were.
 */
export function withCitationMarkers(markdown: string, citations: PostCitations | undefined): string {
  if (!citations || citations.paragraphs.length === 0) return markdown;
  const byFingerprint = new Map<string, CitedSpan[][]>();
  for (const paragraph of citations.paragraphs) {
    const list = byFingerprint.get(paragraph.fingerprint) ?? [];
    list.push(paragraph.sources);
    byFingerprint.set(paragraph.fingerprint, list);
  }
  const blocks = markdown.replace(/\s+$/, '').split(/\n{2,}/);
  const marked = blocks.map((block) => {
    const sources = byFingerprint.get(paragraphFingerprint(block))?.shift();
    return sources && sources.length > 0 ? `${block} ${markers(sources, citations).join(' ')}` : block;
  });
  return `${marked.join('\n\n')}\n`;
}

/** Runs of consecutive sentences: each run is shown as one span. */
function runs(sources: readonly CitedSpan[]): CitedSpan[][] {
  const sorted = [...sources].sort((a, b) => a.sentence - b.sentence);
  const grouped: CitedSpan[][] = [];
  for (const source of sorted) {
    const last = grouped.at(-1);
    if (last && source.sentence === last.at(-1)!.sentence + 1) last.push(source);
    else grouped.push([source]);
  }
  return grouped;
}

export function clockTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

function markers(sources: readonly CitedSpan[], citations: PostCitations): string[] {
  const { kind, video_id: videoId } = citations.source;
  return runs(sources).map((run) => {
    const first = run[0]!;
    const last = run.at(-1)!;
    if (first.start_s !== undefined) {
      const label = `${clockTime(first.start_s)}–${clockTime(last.end_s ?? last.start_s ?? first.start_s)}`;
      if (kind === 'youtube' && videoId) {
        return `[\\[▶ ${label}\\]](https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&t=${Math.floor(first.start_s)}s)`;
      }
      return `\\[${label}\\]`;
    }
    if (first.page !== undefined) {
      return last.page !== undefined && last.page !== first.page ? `\\[pp. ${first.page}–${last.page}\\]` : `\\[p. ${first.page}\\]`;
    }
    return `\\[source: characters ${first.start}–${last.end}\\]`;
  });
}
