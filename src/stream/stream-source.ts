import type { Logger } from 'pino';
import { timeColumn } from '../pipeline/columns.js';
import type { StreamConfig } from '../config/schema.js';
import type { DataDir } from '../sources/data-dir.js';
import type { DataSource, SourceNotice, SourcePlugin } from '../sources/types.js';

/** What a stream makes its sources with; `logger` is the stream's. */
export interface SourceMaker {
  plugin: SourcePlugin;
  dataDir: DataDir;
  logger: Logger;
}

/** A source instance for a stream: a run's (which gets its notices), or one for start-up checks. */
export function createStreamSource(
  config: StreamConfig,
  maker: SourceMaker,
  notify: (notice: SourceNotice) => void,
  resumeFrom?: unknown,
): DataSource {
  const { seedFromTopicMs, keep } = config.history;
  const seeds = seedFromTopicMs !== undefined && keep.rows > 0 && keep.bytes > 0;
  return maker.plugin.create(config.source, {
    streamId: config.id,
    timeField: timeColumn(config.columns)?.from,
    dataDir: maker.dataDir,
    logger: maker.logger,
    fields: config.columns.map((c) => c.from),
    notify,
    // The history keeps no more than keep.rows rows: a partition's older messages would be dropped unseen.
    ...(resumeFrom !== undefined ? { resumeFrom } : {}),
    // A continued run's history is in the store: no seed.
    ...(seeds && resumeFrom === undefined ? { seedHistory: { durationMs: seedFromTopicMs, maxMessages: keep.rows } } : {}),
  });
}
