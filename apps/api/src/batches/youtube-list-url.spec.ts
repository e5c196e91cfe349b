import { parseYouTubeList } from './youtube-list-url.js';

describe('parseYouTubeList', () => {
  it('reads playlist links and channel links by id or @handle', () => {
    expect(parseYouTubeList('https://www.youtube.com/playlist?list=PLfakeSourdough00001')).toEqual({ kind: 'playlist', id: 'PLfakeSourdough00001' });
    expect(parseYouTubeList('youtube.com/playlist?list=PLfakeSourdough00001&si=abc')).toEqual({ kind: 'playlist', id: 'PLfakeSourdough00001' });
    expect(parseYouTubeList('https://m.youtube.com/channel/UCfakeCrumbCrust0000000a/videos')).toEqual({ kind: 'channel', id: 'UCfakeCrumbCrust0000000a' });
    expect(parseYouTubeList('https://www.youtube.com/@crumbandcrust')).toEqual({ kind: 'channel', id: '@crumbandcrust' });
  });

  it('refuses videos, other hosts, lookalikes and credentials', () => {
    for (const link of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLfakeSourdough00001',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://example.com/playlist?list=PLfakeSourdough00001',
      'https://www.youtube.com.evil.io/playlist?list=PLfakeSourdough00001',
      'https://user:pass@www.youtube.com/playlist?list=PLfakeSourdough00001',
      'https://www.youtube.com/playlist?list=x',
      'https://www.youtube.com/channel/notachannel',
      'ftp://www.youtube.com/playlist?list=PLfakeSourdough00001',
      'not a url at all',
    ]) {
      expect([link, parseYouTubeList(link)]).toEqual([link, null]);
    }
  });
});
