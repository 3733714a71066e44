import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { FetchError } from './fetch-error.ts';

// Reads a response body under a byte limit that counts decoded bytes, so neither a 50 MB feed
// nor a 50 KB gzip bomb is ever held whole: past the limit reading stops and the socket goes.

export async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes && !res.headers['content-encoding']) {
    res.destroy();
    throw tooLarge(maxBytes);
  }
  const decoder = decoderFor(res.headers['content-encoding']);
  const stream = decoder ? res.pipe(decoder) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    res.destroy();
    decoder?.destroy();
    if (err instanceof FetchError) throw err;
    throw new FetchError('network', `the body could not be read (${(err as Error).message ?? err})`);
  }
  return Buffer.concat(chunks, size);
}

function decoderFor(encoding: string | string[] | undefined): Transform | null {
  const value = String(encoding ?? '').trim().toLowerCase();
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  return null;
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError('too-large', `the body is larger than ${Math.round(maxBytes / 1024)} KiB; reading stopped`);
}

/** Bytes → text in the charset the header, the XML declaration or a meta tag names (UTF-8 else). */
export function decodeText(bytes: Buffer, contentType: string | null): string {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const label =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
