import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a small JSON request body (at most `limit` bytes, which bounds what a client can make the
 * daemon hold). Anything that is not JSON, or too long, is a 4xx.
 */
export async function readJsonBody(req: IncomingMessage, limit = 4096): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'the body must be JSON (Content-Type: application/json)');
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new HttpError(413, `the body is longer than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `the body is longer than ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}
