const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

const SITE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]);
const SHORT_HOSTS = new Set(['youtu.be', 'www.youtu.be']);
/** Path shapes `/<prefix>/<id>` that name a single video. */
const ID_PATH_PREFIXES = new Set(['shorts', 'embed', 'live', 'v', 'e']);

export function isYouTubeVideoId(value: string): boolean {
  return VIDEO_ID.test(value);
}

/**
 * The 11-character video id from anything a user may paste (bare id, watch, youtu.be, shorts,
 * embed, live, mobile/music/nocookie hosts), or null. Hosts are matched exactly, so lookalikes
 * such as `youtube.com.evil.io` are refused.
 */
export function parseYouTubeVideoId(input: string): string | null {
  const trimmed = input.trim();
  if (isYouTubeVideoId(trimmed)) return trimmed;
  if (trimmed.length === 0 || trimmed.length > 2048 || /\s/.test(trimmed)) return null;

  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port) return null;

  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  let candidate: string | null = null;
  if (SHORT_HOSTS.has(host)) {
    if (segments.length === 1) candidate = segments[0];
  } else if (SITE_HOSTS.has(host)) {
    if (segments.length === 1 && segments[0] === 'watch') {
      candidate = url.searchParams.get('v');
    } else if (segments.length === 2 && ID_PATH_PREFIXES.has(segments[0])) {
      candidate = segments[1];
    }
  }
  return candidate !== null && isYouTubeVideoId(candidate) ? candidate : null;
}
