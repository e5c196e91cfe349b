import { retryBody } from './retry-body';

describe('retrying a generate_blog job', () => {
  it('asks again for the same document and options, without what the server added', () => {
    const input = { document_id: 'd1', options: { tone: 'calm', chapters_count: 3, brand_voice: { id: 'v1', name: 'Acme', do: [] }, extra: 'x' } };
    expect(retryBody({ input, document_id: 'd1' })).toEqual({ document_id: 'd1', options: { tone: 'calm', chapters_count: 3, brand_voice_id: 'v1' } });
  });

  it('runs a YouTube job from its video again, and gives up without a source', () => {
    expect(retryBody({ input: { youtube: { video_id: 'abc123def45', langs: [] }, options: {} }, document_id: null })).toEqual({ youtube_url: 'https://www.youtube.com/watch?v=abc123def45', options: {} });
    expect(retryBody({ input: { options: {} }, document_id: null })).toBeNull();
    expect(retryBody({ input: null, document_id: 'd2' })).toEqual({ document_id: 'd2', options: {} });
  });
});
