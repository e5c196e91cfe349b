// Streams a generated file as multipart/form-data with node:http, never holding it in memory.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const MIB = 1024 * 1024;

/**
 * `totalMb` MiB of plain ASCII lines in 1 MiB chunks. The chunk is built once and yielded again
 * and again, so the generator itself stays at about 1 MiB whatever the size.
 */
export function textChunks(totalMb) {
  const line = (index) => `Line ${String(index).padStart(6, '0')}: the quick brown fox jumps over the lazy dog while the scribe copies the page.\n`;
  let text = '';
  for (let index = 0; text.length < MIB; index += 1) text += line(index);
  const chunk = Buffer.from(text.slice(0, MIB - 1) + '\n', 'ascii');
  return Readable.from(
    (function* chunks() {
      for (let index = 0; index < totalMb; index += 1) yield chunk;
    })(),
    { objectMode: false, highWaterMark: 2 },
  );
}

/**
 * POSTs one file in the multipart field `files`, the boundary lines written by hand and the body
 * piped (with backpressure) into the request. Resolves with the status, body and timings.
 */
export async function uploadMultipart({ port, path, headers = {}, field = 'files', filename, contentType, bytes, source }) {
  const boundary = `----scriptorium-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Readable.from(
    (async function* parts() {
      yield head;
      for await (const chunk of source) yield chunk;
      yield tail;
    })(),
    { objectMode: false, highWaterMark: 2 },
  );

  const started = performance.now();
  let sentAt;
  const response = await new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + bytes + tail.length),
        },
      },
      (incoming) => {
        const parts = [];
        incoming.on('data', (part) => parts.push(part));
        incoming.on('end', () => resolve({ status: incoming.statusCode, body: Buffer.concat(parts).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    pipeline(body, outgoing).then(
      () => {
        sentAt = performance.now();
      },
      (error) => reject(error),
    );
  });
  const finished = performance.now();
  return { ...response, ms: finished - started, sentMs: (sentAt ?? finished) - started };
}
