import { renderPreview, safeUrl } from './markdown-preview';

describe('the editor preview', () => {
  it('renders Markdown', () => {
    expect(renderPreview('# Title\n\nSome **bold** [link](https://example.com).')).toBe(
      '<h1>Title</h1>\n<p>Some <strong>bold</strong> <a href="https://example.com" rel="noopener noreferrer" target="_blank">link</a>.</p>\n',
    );
  });

  it('shows raw HTML as text instead of running it', () => {
    const html = renderPreview('Hello <img src=x onerror="alert(1)"> there\n\n<script>alert(1)</script>');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: links and images but keeps their text', () => {
    expect(renderPreview('[click](javascript:alert(1))')).toBe('<p>click</p>\n');
    expect(renderPreview('![alt text](javascript:alert(1))')).toBe('<p>alt text</p>\n');
    expect(safeUrl('JavaScript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html;base64,xx')).toBeNull();
    expect(safeUrl('/api/v1/media/1/original')).toBe('/api/v1/media/1/original');
    expect(safeUrl('images/a.png')).toBe('images/a.png');
  });
});
