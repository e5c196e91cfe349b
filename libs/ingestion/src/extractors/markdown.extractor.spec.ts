import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarkdownExtractor } from './markdown.extractor.js';

describe('MarkdownExtractor', () => {
  const extractor = new MarkdownExtractor();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'markdown-extractor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function extract(name: string, content: string) {
    const path = join(dir, name);
    await writeFile(path, content);
    return extractor.extract({ path, mime: 'text/markdown' });
  }

  it('strips YAML front matter from the text, keeps its fields and takes its title', async () => {
    const doc = await extract(
      'front.md',
      ['---', 'title: "Baking Sourdough: A Primer"', 'tags: [bread, fermentation]', 'draft: false', 'lang: en', '---', '', '# Heading One', '', 'Mix flour and **water**.', ''].join('\n'),
    );
    expect(doc.text).toBe('# Heading One\n\nMix flour and **water**.');
    expect(doc.title).toBe('Baking Sourdough: A Primer');
    expect(doc.lang).toBe('en');
    expect(doc.metadata.front_matter).toEqual({ title: 'Baking Sourdough: A Primer', tags: ['bread', 'fermentation'], draft: false, lang: 'en' });
  });

  it('takes the first `# ` heading outside code blocks when there is no front matter title', async () => {
    const doc = await extract('heading.md', ['Intro line.', '', '```sh', '# not a heading', '```', '', '## Sub', '', '# The Real Title #', '', 'Body.'].join('\n'));
    expect(doc.title).toBe('The Real Title');
    expect(doc.text).toContain('# not a heading');
    expect(doc.metadata.front_matter).toBeUndefined();
  });

  it('leaves a leading thematic break that is not YAML in the text', async () => {
    const doc = await extract('rule.md', ['---', 'Just: a: broken: [yaml', '---', 'Text after.'].join('\n'));
    expect(doc.text).toBe('---\nJust: a: broken: [yaml\n---\nText after.');
    expect(doc.title).toBeUndefined();
  });

  it('refuses an empty file with empty_file', async () => {
    await expect(extract('empty.md', '')).rejects.toMatchObject({ code: 'empty_file' });
  });

  it('refuses a file holding only front matter with no_text_found', async () => {
    await expect(extract('only-front.md', '---\ntitle: Nothing else\n---\n\n')).rejects.toMatchObject({ code: 'no_text_found' });
  });
});
