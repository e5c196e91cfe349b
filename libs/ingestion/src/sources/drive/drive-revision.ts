import type { DriveFile } from './drive.client.js';

/**
 * Which version of a Drive file this is: its content checksum when Drive gives one (binary files),
 * else its modifiedTime (Google Docs, Sheets, Slides have no checksum). A file re-saved with the
 * same bytes keeps its revision, so it is not imported (or transcribed) again.
 */
export function driveRevision(file: Pick<DriveFile, 'md5Checksum' | 'modifiedTime'>): string | null {
  if (file.md5Checksum) return `md5:${file.md5Checksum}`;
  return file.modifiedTime ? `modified:${file.modifiedTime}` : null;
}

/**
 * Whether a stored revision is this file's. Documents imported before checksums were recorded
 * carry their modifiedTime revision; that still counts as unchanged while the file's time is the same.
 */
export function isSameRevision(stored: string | null | undefined, file: Pick<DriveFile, 'md5Checksum' | 'modifiedTime'>): boolean {
  if (!stored) return false;
  return stored === driveRevision(file) || (file.modifiedTime !== null && stored === `modified:${file.modifiedTime}`);
}
