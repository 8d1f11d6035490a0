/**
 * Where a daemon is, as an element's `server` and `token` attributes say: the base URL (the page's
 * origin when `server` is empty; `server` may carry a path prefix) and the token sent with every
 * request. EventSource cannot send an Authorization header, so the token goes in the query.
 */
export interface DaemonAddress {
  server: string;
  token: string;
}

/** The absolute URL of `path` on the daemon, with `access_token` in the query when a token is set. */
export function daemonUrl({ server, token }: DaemonAddress, path: string, pageHref: string): string {
  const base = server ? new URL(server.endsWith('/') ? server : `${server}/`, pageHref) : new URL('/', pageHref);
  const url = new URL(server ? path.replace(/^\//, '') : path, base);
  if (token) url.searchParams.set('access_token', token);
  return url.href;
}

/** The events URL of one stream. */
export function eventsUrl(address: DaemonAddress, stream: string, pageHref: string): string {
  return daemonUrl(address, `/api/streams/${encodeURIComponent(stream)}/events`, pageHref);
}

/** One key per daemon and token: elements with the same key share connections and the stream list. */
export function scopeKey(address: DaemonAddress, pageHref: string): string {
  return `${daemonUrl({ server: address.server, token: '' }, '/', pageHref)} ${address.token}`;
}
