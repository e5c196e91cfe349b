import { SAMPLE_TRANSCRIPT } from '../extractive/__fixtures__/sample-text.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import type { ModelCallRecord } from '../models/chat-model.js';
import { ScriptedChatModel } from './__fixtures__/scripted-chat.model.js';
import { type ComposeOutput, runComposeStep } from './compose.step.js';
import { lengthBounds, trimMarkdownToWords } from './length-policy.js';
import { runOutlineStep } from './outline.step.js';
import { sanitizePostHtml } from './post-html.renderer.js';

const engine = new ExtractiveEngine();

function sectionBodies(post: ComposeOutput): string[] {
  return post.markdown.split(/^## .*$/m).slice(1).map((body) => body.trim());
}

describe('compose step', () => {
  it('writes a post from an outline: an introduction, one ## heading per chapter, a conclusion, no empty section, citations inside the text', async () => {
    const { outline } = await runOutlineStep(engine, { text: SAMPLE_TRANSCRIPT, options: { chapters_count: 5 } });
    const calls: ModelCallRecord[] = [];
    const post = await runComposeStep(engine, { outline, text: SAMPLE_TRANSCRIPT, length: 700 }, (call) => void calls.push(call));
    const headings = post.markdown.match(/^## .+$/gm) ?? [];
    expect(headings).toEqual([...outline.chapters.map((chapter) => `## ${chapter.title}`), '## Conclusion']);
    expect(post.markdown.match(/^# .+$/gm)).toHaveLength(1);
    const introduction = post.markdown.split(/^## /m)[0]!.replace(/^# .*$/m, '').trim();
    expect(introduction.length).toBeGreaterThan(0);
    expect(sectionBodies(post).every((body) => body.length > 0)).toBe(true);
    expect(calls).toHaveLength(6);
    expect(post.citations?.paragraphs.length).toBeGreaterThan(0);
    for (const paragraph of post.citations!.paragraphs) {
      for (const span of paragraph.sources) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(SAMPLE_TRANSCRIPT.length);
        expect(span.end).toBeGreaterThan(span.start);
      }
    }
    expect(post.meta).toMatchObject({ chapters: 5, engine: 'extractive' });
    const { min, max } = lengthBounds(700);
    expect(post.meta.word_count).toBeGreaterThanOrEqual(min);
    expect(post.meta.word_count).toBeLessThanOrEqual(max);
    expect(post.meta.length_note).toBeUndefined();
    expect(post.meta.reading_minutes).toBe(Math.ceil(post.meta.word_count / 200));
    expect(post.html).toContain('<h2>');
  });

  it('is deterministic', async () => {
    const input = { chapters: [{ title: 'Starter' }, { title: 'Baking' }], text: SAMPLE_TRANSCRIPT, length: 400 };
    expect(await runComposeStep(engine, input)).toEqual(await runComposeStep(engine, input));
  });

  it('says in meta when the source is too short to reach the asked length', async () => {
    const text = 'Sourdough needs an active starter. Feed it flour and water every day.';
    const post = await runComposeStep(engine, { outline: { title: 'Starter', chapters: [{ title: 'Feeding' }, { title: 'Keeping' }] }, text, length: 2000 });
    expect(post.meta.word_count).toBeLessThan(lengthBounds(2000).min);
    expect(post.meta.length_note).toMatch(/too short/);
  });

  it('assembles drafts without any model call, dropping empty chapters and demoting their headings', async () => {
    const model = new ScriptedChatModel(() => {
      throw new Error('no call expected');
    });
    const post = await runComposeStep(model, {
      outline: { title: 'Post', chapters: [{ title: 'One' }, { title: 'Two' }, { title: 'Three' }] },
      drafts: [
        { heading: 'One', markdown: 'First body.\n\n## Inner\n\nMore.' },
        { heading: 'Two', markdown: '   ' },
        { heading: 'Three', markdown: 'Third body.' },
      ],
      seo: { title: 'The SEO Title' },
    });
    expect(model.requests).toHaveLength(0);
    expect(post.markdown).toBe('# The SEO Title\n\n## One\n\nFirst body.\n\n### Inner\n\nMore.\n\n## Three\n\nThird body.\n');
    expect(post.meta).toMatchObject({ chapters: 2, engine: 'openai', word_count: 11 });
  });

  it('can write the whole post in one model call', async () => {
    const calls: ModelCallRecord[] = [];
    const post = await runComposeStep(
      engine,
      { chapters: [{ title: 'Starter' }, { title: 'Dutch Oven' }], text: SAMPLE_TRANSCRIPT, length: 300, strategy: 'single_call' },
      (call) => void calls.push(call),
    );
    expect(calls).toHaveLength(1);
    expect(post.markdown.match(/^## .+$/gm)).toEqual(['## Starter', '## Dutch Oven', '## Conclusion']);
  });

  it('refuses to compose from nothing', async () => {
    await expect(runComposeStep(engine, {})).rejects.toThrow(/needs drafts, an outline or chapters/);
  });

  it('renders HTML without scripts, event handlers or unsafe links', async () => {
    const markdown = [
      'Hello <script>alert(1)</script> world',
      '<img src="x.png" onerror="alert(1)"><img src="https://example.com/a.png" alt="ok">',
      '[bad](javascript:alert(1)) [good](https://example.com) [mail](mailto:a@example.com)',
      '<a href="JaVaScRiPt:alert(1)">x</a> <iframe src="https://evil.example"></iframe><style>p{}</style>',
      '<p onclick="alert(1)" style="color:red">styled</p>',
    ].join('\n\n');
    const post = await runComposeStep(engine, { outline: { title: 'T', chapters: [{ title: 'Only' }] }, drafts: [{ heading: 'Only', markdown }] });
    const html = post.html.toLowerCase();
    for (const banned of ['<script', 'alert(1)</', 'onerror', 'onclick', 'javascript:', '<iframe', '<style', 'style=']) expect(html).not.toContain(banned);
    expect(post.html).toContain('href="https://example.com"');
    expect(post.html).toContain('href="mailto:a@example.com"');
    expect(post.html).toContain('src="https://example.com/a.png"');
    expect(post.html).not.toContain('x.png');
    expect(sanitizePostHtml('<a href="/relative">r</a><a href="#top">t</a>')).toBe('<a rel="noopener noreferrer nofollow">r</a><a rel="noopener noreferrer nofollow">t</a>');
    expect(sanitizePostHtml('<a href="data:text/html,x">d</a>')).toBe('<a rel="noopener noreferrer nofollow">d</a>');
  });
});

describe('length policy', () => {
  it('trims markdown to whole blocks and sentences', () => {
    const markdown = 'One two three. Four five six.\n\n- a list item\n\nSeven eight nine. Ten eleven.';
    expect(trimMarkdownToWords(markdown, 4)).toBe('One two three.');
    expect(trimMarkdownToWords(markdown, 9)).toBe('One two three. Four five six.\n\n- a list item');
    expect(trimMarkdownToWords(markdown, 100)).toBe(markdown);
  });
});
