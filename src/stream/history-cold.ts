import type { DurableStream } from '../store/types.js';
import { type HistoryAnswer, type HistoryRequest, type HistorySource, historyData, passAsked } from './history-query.js';

/**
 * /history for a range that has left memory: the store answers it, downsampled by the same M4 rule
 * in the database. Undefined when memory holds the range's start (the hot tier answers), or when
 * the request leaves the range to memory's span (no `from`).
 */
export async function queryStoredHistory(
  source: HistorySource,
  stored: DurableStream,
  request: HistoryRequest,
): Promise<HistoryAnswer | undefined> {
  if (request.from === undefined) return undefined;
  const { pass, kept } = passAsked(source, request);
  if (kept && kept.from <= request.from) return undefined;
  const storedPasses = await stored.passes();
  const span = storedPasses.find((p) => p.pass === pass);
  if (!span || span.from > (request.to ?? Number.POSITIVE_INFINITY)) return undefined;
  const from = request.from;
  const to = request.to ?? Math.max(span.to, kept?.to ?? span.to);
  const answer = await stored.m4({ pass, from, to, points: request.points });
  // Rows still come into the range while it reaches the newest row of the pass being read.
  const live = source.running && pass === source.store.currentPass && to >= (kept?.to ?? span.to);
  const { resolution, rows, series } = answer;
  return {
    data: historyData(source, { pass, from, to, points: request.points, resolution, rows, live, series, passes: storedPasses }),
    etag: `"${source.run}.${pass}.stored.${answer.rows}.${from}.${to}"`,
  };
}
