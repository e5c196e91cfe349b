const DRIVE_ID = /^[A-Za-z0-9_-]{10,200}$/;
const DRIVE_HOSTS = new Set(['drive.google.com']);

export interface DriveFolderRef {
  folderId: string;
  /** Needed (as `X-Goog-Drive-Resource-Keys`) for some folders shared by link. */
  resourceKey: string | null;
}

/**
 * A Drive folder from what a user pastes: `drive.google.com/drive/folders/ID` (also with `/u/N/`,
 * `?usp=sharing`, `resourcekey=`), `open?id=ID`, `folderview?id=ID`, or a bare id.
 */
export function parseDriveFolderUrl(input: string): DriveFolderRef | null {
  const trimmed = input.trim();
  if (DRIVE_ID.test(trimmed)) return { folderId: trimmed, resourceKey: null };
  if (trimmed.length === 0 || trimmed.length > 2048 || /\s/.test(trimmed)) return null;

  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port || !DRIVE_HOSTS.has(url.hostname.toLowerCase())) return null;

  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  let candidate: string | null = null;
  const foldersAt = segments.indexOf('folders');
  if (segments[0] === 'drive' && foldersAt > 0 && foldersAt === segments.length - 2) {
    const between = segments.slice(1, foldersAt);
    const knownPrefix = between.length === 0 || (between.length === 2 && between[0] === 'u' && /^\d+$/.test(between[1] ?? '')) || (between.length === 1 && between[0] === 'mobile');
    if (knownPrefix) candidate = segments[foldersAt + 1] ?? null;
  } else if (segments.length === 1 && (segments[0] === 'open' || segments[0] === 'folderview')) {
    candidate = url.searchParams.get('id');
  }
  if (candidate === null || !DRIVE_ID.test(candidate)) return null;
  const resourceKey = url.searchParams.get('resourcekey');
  return { folderId: candidate, resourceKey: resourceKey && /^[A-Za-z0-9_-]{1,200}$/.test(resourceKey) ? resourceKey : null };
}

export function parseDriveFolderId(input: string): string | null {
  return parseDriveFolderUrl(input)?.folderId ?? null;
}
