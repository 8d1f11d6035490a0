/**
 * GETs `url` of a daemon as JSON. An answer that is not 2xx throws an Error with the message of
 * the daemon's error body (`{ error: { status, message } }`, plain words), else `HTTP <status>`.
 */
export async function getJson<T>(url: string, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<T> {
  const res = await fetchImpl(url, { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}
