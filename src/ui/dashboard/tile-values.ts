// What the tiles say: a value with its unit, its colour by thresholds, data times and spans. Pure
// functions, tested in Node.
import type { TileColor } from '../../protocol/dashboards.js';
import { durationText } from '../../values/duration-text.js';

/** Shown while a tile has no value. */
export const NO_VALUE = '–';

/** The colour of the last entry of `colors` that `value` matches (above and below both hold, when given), or undefined. */
export function tileColor(value: number | null | undefined, colors: readonly TileColor[]): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  let color: string | undefined;
  for (const entry of colors) {
    if ((entry.above === undefined || value > entry.above) && (entry.below === undefined || value < entry.below)) color = entry.color;
  }
  return color;
}

/**
 * A number as a tile shows it: `decimals` digits after the point, or else three significant digits
 * (whole numbers from 100 up: `612`, `2.46`, `0.0123`, and `0`); text as it is; NO_VALUE for nothing.
 */
export function formatValue(value: number | string | null | undefined, decimals?: number): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return NO_VALUE;
  if (decimals === undefined && value === 0) return '0';
  const digits = decimals ?? Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  if (digits > 6) return Number(value.toPrecision(3)).toString(); // below 10⁻⁴: 0.0000123, 1.23e-7
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // no "-0.00" for a tiny negative number
}

/** `06:00` or `06:00:30` (seconds when there are), after the date: a data time in UTC, as the charts show it. */
export function formatDataTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 23) === '00.000' ? '' : iso.slice(16, iso.endsWith('.000Z') ? 19 : 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds}`;
}

/** `since 2024-01-01 06:00 · for 12 min`: since a data time, and for how long up to `now` (a data time too; left out when not after it). */
export function sinceText(at: number, now: number | undefined): string {
  if (!Number.isFinite(at)) return '';
  const since = `since ${formatDataTime(at)}`;
  return now !== undefined && now > at ? `${since} · for ${durationText(now - at, { days: true })}` : since;
}
