import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** The URL with the value of every `access_token` replaced, so a token never reaches a log. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((part) => (/^access_token(=|$)/i.test(safeDecode(part.split('=')[0]!)) ? 'access_token=[redacted]' : part))
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * One debug line per request when it ends (an event stream when its viewer leaves): method, URL
 * without tokens, status, duration. Off at the default level; never a line per row.
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  if (!logger.isLevelEnabled('debug')) return;
  const started = performance.now();
  res.once('close', () => {
    logger.debug(
      { method: req.method, url: redactUrl(req.url ?? ''), status: res.statusCode, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
}
