// Conversions from raw cell values (CSV strings, JSON values) to what goes on the wire.

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;

/**
 * Milliseconds since the epoch, or undefined when the value is not a time.
 * Date-times without a zone (as in the pump CSVs: `2018-04-12 09:55:00`) are read as UTC, so a
 * replay shows the same clock times on every machine. Numbers are epoch seconds or milliseconds.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? epochNumber(value) : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  let ms: number;
  if (NAIVE_DATE_TIME.test(value)) {
    ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}Z`);
  } else if (/^-?\d+(\.\d+)?$/.test(value)) {
    return epochNumber(Number(value));
  } else {
    ms = Date.parse(value);
  }
  return Number.isNaN(ms) ? undefined : ms;
}

// Below 1e11 a number is taken as seconds (1e11 s is the year 5138; 1e11 ms is 1973).
function epochNumber(n: number): number {
  return Math.abs(n) < 1e11 ? n * 1000 : n;
}

/** An ISO-8601 UTC string for a time value, or null when it is not a time. */
export function toIsoTime(value: unknown): string | null {
  if (typeof value === 'string') {
    const fast = value.length === 24 ? canonicalIso(value) : naiveSecondsToIso(value);
    if (fast !== undefined) return rememberChecked(fast, value);
  }
  const ms = parseTime(value);
  if (ms === undefined) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : remember(date.toISOString(), date.getTime());
}

// The last string toIsoTime returned and its epoch ms, worked out when first asked for. Column
// selection writes a row's time and the stages after it (time windows, history) read it back
// with wireTimeMs: that same string is then answered without reading it again.
let lastIso: string | undefined;
let lastIsoMs = Number.NaN;
/** For a time of the fast paths: the input string, and the midnight of its date. */
let lastInput: string | undefined;
let lastInputDayMs = Number.NaN;

function remember(iso: string, ms: number): string {
  lastIso = iso;
  lastIsoMs = ms;
  lastInput = undefined;
  return iso;
}

/** `iso` rewritten from `input`, whose date and time `validDateAndTime` has just checked. */
function rememberChecked(iso: string, input: string): string {
  lastIso = iso;
  lastIsoMs = Number.NaN;
  lastInput = input;
  lastInputDayMs = checkedDateMs;
  return iso;
}

function lastIsoTimeMs(): number {
  if (lastInput !== undefined) {
    lastIsoMs = lastInputDayMs + timeOfDayMs(lastInput);
    lastInput = undefined;
  }
  return lastIsoMs;
}

/** A finite number, or null for empty, non-numeric and infinite cells (a gap in the line). */
export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    if (value.length === 0) return null;
    const n = Number(value);
    // Number('') and Number('  ') are 0, hence the length check above and the trim check here.
    return Number.isFinite(n) && value.trim().length > 0 ? n : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** A string for text columns; null for missing values and for objects. */
export function toTextOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

// `YYYY-MM-DD HH:MM:SS` is what the pump files (and most exports) hold, one per row: rewrite it
// into ISO form with string operations instead of parsing and formatting a Date for every row.
// The date part is checked once per day of data (consecutive rows share it).
let checkedDate = '';
let checkedDateIsCanonical = false;
/** Midnight UTC of `checkedDate`, in ms. */
let checkedDateMs = Number.NaN;

function naiveSecondsToIso(value: string): string | undefined {
  if (value.length !== 19) return undefined;
  const c = (i: number) => value.charCodeAt(i);
  if (c(4) !== 45 || c(7) !== 45 || (c(10) !== 32 && c(10) !== 84) || c(13) !== 58 || c(16) !== 58) return undefined;
  return validDateAndTime(value) ? `${value.slice(0, 10)}T${value.slice(11)}.000Z` : undefined;
}

// `YYYY-MM-DDTHH:MM:SS.sssZ`, what toISOString() writes (and JSON producers send): already the
// answer when its fields are in range.
function canonicalIso(value: string): string | undefined {
  const c = (i: number) => value.charCodeAt(i);
  if (c(4) !== 45 || c(7) !== 45 || c(10) !== 84 || c(13) !== 58 || c(16) !== 58 || c(19) !== 46 || c(23) !== 90) return undefined;
  for (let i = 20; i < 23; i++) if (c(i) < 48 || c(i) > 57) return undefined; // milliseconds
  return validDateAndTime(value) ? value : undefined;
}

/** The date (checked once per day of data: consecutive rows share it) and HH:MM:SS are valid. */
function validDateAndTime(value: string): boolean {
  const date = value.slice(0, 10);
  if (date !== checkedDate) {
    const ms = Date.parse(`${date}T00:00:00Z`);
    checkedDate = date;
    checkedDateMs = ms;
    // Dates such as 2018-02-30 roll over in Date.parse: leave those to the general path.
    checkedDateIsCanonical = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
  }
  return checkedDateIsCanonical && twoDigits(value, 11) <= 23 && twoDigits(value, 14) <= 59 && twoDigits(value, 17) <= 59;
}

/**
 * Epoch ms of a time as it is on the wire (an ISO string from toIsoTime, or a number), NaN for
 * anything else. Read once per row on the hot path (history, time-based stages): a canonical ISO
 * string is read digit by digit from its day's midnight (parsed once per day of data), so
 * Date.parse runs only for the other forms.
 */
export function wireTimeMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  // Equal strings are the same time, so a copy of the last answer's string is answered too.
  if (value === lastIso) return lastIsoTimeMs();
  if (value.length === 24 && canonicalIso(value) !== undefined) return checkedDateMs + timeOfDayMs(value);
  return Date.parse(value);
}

/** Ms since midnight of a `YYYY-MM-DD HH:MM:SS` or canonical ISO string already checked by `validDateAndTime`. */
function timeOfDayMs(time: string): number {
  const millis = time.length === 24 ? (time.charCodeAt(20) - 48) * 100 + (time.charCodeAt(21) - 48) * 10 + (time.charCodeAt(22) - 48) : 0;
  return twoDigits(time, 11) * 3_600_000 + twoDigits(time, 14) * 60_000 + twoDigits(time, 17) * 1000 + millis;
}

/** The number written by two ASCII digits at `at`, or 99 when they are not digits. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : 99;
}
