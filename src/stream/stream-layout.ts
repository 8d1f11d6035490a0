import { createHash } from 'node:crypto';
import type { StreamConfig } from '../config/schema.js';
import type { StreamLayout } from '../store/types.js';
import type { StreamShape } from './stream-shape.js';

/**
 * What a stream's stored history is made of: its source, its columns and its stages. While they
 * stay the same (a title, a threshold, an alert rule, a state colour or a replay's pace changed), a reload or a
 * restart continues the history; when one changes, the rows no longer mean the same: a new history.
 */
export function streamLayout(config: StreamConfig, shape: StreamShape): StreamLayout {
  // How fast a replay goes, and whether it loops, does not change what its rows are.
  const { rate: _rate, speed: _speed, loop: _loop, ...source } = config.source as Record<string, unknown>;
  const made = JSON.stringify({ source, columns: config.columns, stages: config.stages });
  return {
    stream: config.id,
    fingerprint: createHash('sha256').update(made).digest('hex').slice(0, 16),
    timeName: shape.timeName,
    columns: shape.columns.map((c) => ({ name: c.name, type: c.type === 'text' ? 'text' : 'number' })),
  };
}
