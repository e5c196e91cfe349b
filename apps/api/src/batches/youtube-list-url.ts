const SITE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);
const PLAYLIST_ID = /^[A-Za-z0-9_-]{10,64}$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const HANDLE = /^@[A-Za-z0-9._-]{3,30}$/;

/** A playlist (its list id) or a channel (its UC… id, or an @handle) from a YouTube link; null for anything else. */
export function parseYouTubeList(input: string): { kind: 'playlist' | 'channel'; id: string } | null {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) return null;
  if (!SITE_HOSTS.has(url.hostname.toLowerCase())) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'playlist') {
    const list = url.searchParams.get('list');
    return list && PLAYLIST_ID.test(list) ? { kind: 'playlist', id: list } : null;
  }
  if (segments[0] === 'channel' && segments[1] && CHANNEL_ID.test(segments[1])) return { kind: 'channel', id: segments[1] };
  if (segments[0] && HANDLE.test(segments[0])) return { kind: 'channel', id: segments[0] };
  return null;
}
