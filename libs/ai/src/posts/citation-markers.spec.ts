import { paragraphFingerprint, type PostCitations } from '../writing/post-citations.js';
import { withCitationMarkers } from './citation-markers.js';

const markdown = '# Mushrooms\n\nThey grow in a garage.\n\n## Substrate\n\nStraw and coffee grounds.\n\nA second paragraph.\n';

function cited(kind: PostCitations['source']): PostCitations {
  return {
    source: kind,
    paragraphs: [
      { section: 'introduction', paragraph: 0, fingerprint: paragraphFingerprint('They grow in a garage.'), sources: [{ sentence: 1, start: 0, end: 22, start_s: 5.2, end_s: 11, page: 1 }] },
      {
        section: 'chapter',
        chapter_index: 0,
        paragraph: 0,
        fingerprint: paragraphFingerprint('Straw and coffee grounds.'),
        sources: [
          { sentence: 4, start: 100, end: 140, start_s: 45, end_s: 52.6, page: 2 },
          { sentence: 5, start: 141, end: 170, start_s: 52.6, end_s: 60, page: 3 },
          { sentence: 9, start: 300, end: 330, start_s: 3725, end_s: 3731, page: 3 },
        ],
      },
    ],
  };
}

describe('withCitationMarkers', () => {
  it('links a YouTube video’s spans at their second, one link per run of consecutive sentences', () => {
    const out = withCitationMarkers(markdown, cited({ kind: 'youtube', video_id: 'dQw4w9WgXcQ' }));
    expect(out).toContain('They grow in a garage. [\\[▶ 0:05–0:11\\]](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5s)');
    expect(out).toContain(
      'Straw and coffee grounds. [\\[▶ 0:45–1:00\\]](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=45s) [\\[▶ 1:02:05–1:02:11\\]](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3725s)',
    );
    expect(out).toContain('A second paragraph.\n');
  });

  it('shows PDF pages and, for plain text, character offsets', () => {
    const spansOf = (source: PostCitations['source']) => {
      const citations = cited(source);
      for (const paragraph of citations.paragraphs) for (const span of paragraph.sources) delete span.start_s;
      return withCitationMarkers(markdown, citations);
    };
    expect(spansOf({ kind: 'pdf' })).toContain('Straw and coffee grounds. \\[pp. 2–3\\] \\[p. 3\\]');
    const text = withCitationMarkers(markdown, { source: { kind: 'text' }, paragraphs: [{ ...cited({ kind: 'text' }).paragraphs[1]!, sources: [{ sentence: 4, start: 100, end: 140 }] }] });
    expect(text).toContain('Straw and coffee grounds. \\[source: characters 100–140\\]');
  });

  it('keeps the citations of the paragraphs an edit left as they were', () => {
    const edited = markdown.replace('They grow in a garage.', 'They grow in an old garage.');
    const out = withCitationMarkers(edited, cited({ kind: 'captions' }));
    expect(out).toContain('They grow in an old garage.\n');
    expect(out).toContain('Straw and coffee grounds. \\[0:45–1:00\\]');
    expect(withCitationMarkers(markdown, undefined)).toBe(markdown);
  });
});
