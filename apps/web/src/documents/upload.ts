import { ScriptoriumError, type JobEnvelope } from '@scriptorium/sdk';
import { csrfToken } from '../api/client';

export const UPLOAD_URL = '/api/v1/documents/upload';

/**
 * Sends one file to POST /api/v1/documents/upload (multipart `files`, the SDK's operation) with
 * upload progress. fetch cannot report the progress of a request body over HTTP/1.1, so this one
 * request goes through XMLHttpRequest; its answer and errors are read exactly as the SDK reads
 * them (the job envelope, or a ScriptoriumError from the problem+json).
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<JobEnvelope> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', UPLOAD_URL);
    request.responseType = 'text';
    const token = csrfToken();
    if (token) request.setRequestHeader('X-CSRF-Token', token);
    request.setRequestHeader('Idempotency-Key', crypto.randomUUID());
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = parseBody(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as JobEnvelope);
      } else {
        reject(ScriptoriumError.from(new Response(null, { status: request.status, statusText: request.statusText }), body));
      }
    };
    request.onerror = () => reject(new TypeError('network error'));
    request.onabort = () => reject(new DOMException('upload stopped', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('files', file, file.name);
    request.send(form);
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What the upload list shows for each file. */
export interface UploadItem {
  key: string;
  file: File;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  jobId?: string;
  error?: string;
}

export function uploadItemsOf(files: Iterable<File>, existing: UploadItem[]): UploadItem[] {
  const items = [...existing];
  for (const file of files) items.push({ key: `${file.name}-${file.size}-${items.length}`, file, progress: 0, state: 'waiting' });
  return items;
}
