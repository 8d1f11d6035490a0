/**
 * What a pump shows before it fails, for generated files with `precursors: true`: for the last
 * 45 minutes to 4 hours before a failure, a few sensors drift toward where the failure takes them
 * or grow noisier, differently per failure; one failure of each file comes with no precursor at
 * all, so that no detector can warn of every failure.
 */
import type { FailureEpisode, SensorSpec, Uniform } from './generate.js';

export type PrecursorKind = 'drift' | 'noise' | 'none';

export interface Precursor {
  readonly kind: PrecursorKind;
  /** Rows [startRow, endRow) lead up to the failure (endRow is its brokenStart). */
  readonly startRow: number;
  readonly endRow: number;
  /** Sensor indices it shows in, and by how much (unit-space shift for drift, noise widths for noise). */
  readonly sensors: readonly number[];
  readonly strength: number;
}

/** Sensors a precursor may show in: the smooth and in-between groups (steady enough for a change to read), not sensor_15 (always empty). */
const CANDIDATES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 32, 33, 34, 35, 36, 37];

function between(uniform: Uniform, low: number, high: number): number {
  return low + (high - low) * uniform();
}

/** One precursor per failure episode, in order; the one at a random index has none. */
export function planPrecursors(episodes: readonly FailureEpisode[], uniform: Uniform): Precursor[] {
  const silent = Math.floor(uniform() * episodes.length);
  return episodes.map((episode, i) => {
    const length = Math.round(between(uniform, 45, 240));
    const startRow = Math.max(0, episode.brokenStart - length);
    const kind: PrecursorKind = i === silent ? 'none' : uniform() < 0.5 ? 'drift' : 'noise';
    const pool = [...CANDIDATES];
    const count = 5 + Math.floor(uniform() * 4);
    const sensors: number[] = [];
    while (sensors.length < count) sensors.push(pool.splice(Math.floor(uniform() * pool.length), 1)[0]!);
    const strength = kind === 'drift' ? between(uniform, 0.08, 0.18) : between(uniform, 3, 6);
    return { kind, startRow, endRow: episode.brokenStart, sensors: sensors.sort((a, b) => a - b), strength };
  });
}

/**
 * A sensor's healthy value in unit space at `row`, changed by the precursor under way (if any):
 * the change grows as (elapsed share)^1.5, so it is slight at first and plain just before the
 * failure. `normal` draws the extra noise (from a stream of its own, so other values stay put).
 */
export function withPrecursor(
  value: number,
  spec: SensorSpec,
  sensor: number,
  row: number,
  precursor: Precursor | undefined,
  normal: () => number,
): number {
  if (!precursor || precursor.kind === 'none' || row < precursor.startRow || row >= precursor.endRow) return value;
  if (!precursor.sensors.includes(sensor)) return value;
  const progress = ((row - precursor.startRow) / (precursor.endRow - precursor.startRow)) ** 1.5;
  if (precursor.kind === 'drift') return value + progress * precursor.strength * Math.sign(spec.failureLevel - spec.level || -1);
  return value + progress * precursor.strength * spec.noiseStd * normal();
}
