import { parseYouTubeVideoId } from './youtube-url.js';

const ID = 'dQw4w9WgXcQ';

describe('parseYouTubeVideoId', () => {
  it.each([
    ['a bare id', ID],
    ['a bare id with spaces around', `  ${ID}\n`],
    ['a watch URL', `https://www.youtube.com/watch?v=${ID}`],
    ['a watch URL over http', `http://www.youtube.com/watch?v=${ID}`],
    ['a watch URL without www', `https://youtube.com/watch?v=${ID}`],
    ['a watch URL without scheme', `www.youtube.com/watch?v=${ID}`],
    ['a watch URL without scheme or www', `youtube.com/watch?v=${ID}`],
    ['v after other params', `https://www.youtube.com/watch?feature=shared&v=${ID}`],
    ['v with t, list and si', `https://www.youtube.com/watch?v=${ID}&t=42s&list=PLabcdefghijklmnop&index=3&si=Abc123xyz`],
    ['list before v', `https://www.youtube.com/watch?list=PLabcdefghijklmnop&v=${ID}&t=1m2s`],
    ['a trailing slash on watch', `https://www.youtube.com/watch/?v=${ID}`],
    ['a mobile watch URL', `https://m.youtube.com/watch?v=${ID}&feature=youtu.be`],
    ['a YouTube Music URL', `https://music.youtube.com/watch?v=${ID}&si=zZz`],
    ['an uppercase host', `https://WWW.YOUTUBE.COM/watch?v=${ID}`],
    ['youtu.be', `https://youtu.be/${ID}`],
    ['youtu.be with si', `https://youtu.be/${ID}?si=Ab_cD-123`],
    ['youtu.be with t', `https://youtu.be/${ID}?t=90`],
    ['youtu.be with a trailing slash', `https://youtu.be/${ID}/`],
    ['youtu.be without scheme', `youtu.be/${ID}`],
    ['shorts', `https://www.youtube.com/shorts/${ID}`],
    ['shorts with si and trailing slash', `https://youtube.com/shorts/${ID}/?si=xyz`],
    ['mobile shorts', `https://m.youtube.com/shorts/${ID}`],
    ['embed', `https://www.youtube.com/embed/${ID}?start=10&autoplay=1`],
    ['nocookie embed', `https://www.youtube-nocookie.com/embed/${ID}`],
    ['nocookie embed without www', `https://youtube-nocookie.com/embed/${ID}?rel=0`],
    ['live', `https://www.youtube.com/live/${ID}?feature=share`],
    ['/v/', `https://www.youtube.com/v/${ID}?version=3`],
    ['/e/', `https://www.youtube.com/e/${ID}`],
    ['an id with - and _', 'https://youtu.be/a-B_c1D2e3F'],
  ])('accepts %s', (_shape, input) => {
    const expected = input.includes('a-B_c1D2e3F') ? 'a-B_c1D2e3F' : ID;
    expect(parseYouTubeVideoId(input)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a 10-character id', 'dQw4w9WgXc'],
    ['a 12-character id', 'dQw4w9WgXcQQ'],
    ['an id with a forbidden character', 'dQw4w9WgX!Q'],
    ['a lookalike host', `https://youtube.com.evil.io/watch?v=${ID}`],
    ['a lookalike host without scheme', `youtube.com.evil.io/watch?v=${ID}`],
    ['a host ending in youtube.com', `https://notyoutube.com/watch?v=${ID}`],
    ['a lookalike short host', `https://youtu.be.evil.io/${ID}`],
    ['credentials before the host', `https://youtube.com@evil.io/watch?v=${ID}`],
    ['an explicit port', `https://www.youtube.com:8443/watch?v=${ID}`],
    ['another site', `https://vimeo.com/${ID}`],
    ['a javascript URL', `javascript:alert('${ID}')`],
    ['an ftp URL', `ftp://www.youtube.com/watch?v=${ID}`],
    ['watch without v', 'https://www.youtube.com/watch?list=PLabcdefghijklmnop'],
    ['a malformed v', 'https://www.youtube.com/watch?v=short'],
    ['a v with extra characters', `https://www.youtube.com/watch?v=${ID}xyz`],
    ['a channel page', 'https://www.youtube.com/@somechannel'],
    ['a playlist page', 'https://www.youtube.com/playlist?list=PLabcdefghijklmnop'],
    ['shorts without an id', 'https://www.youtube.com/shorts/'],
    ['shorts with an extra segment', `https://www.youtube.com/shorts/${ID}/extra`],
    ['youtu.be with an extra segment', `https://youtu.be/${ID}/extra`],
    ['an unknown path prefix', `https://www.youtube.com/clip/${ID}`],
    ['text with spaces', `watch this https://youtu.be/${ID}`],
  ])('refuses %s', (_shape, input) => {
    expect(parseYouTubeVideoId(input)).toBeNull();
  });
});
