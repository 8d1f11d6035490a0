/**
 * Deterministic generator of pump-sensor CSV files, shaped like the public Kaggle "pump sensor
 * data" set: a timestamp, 52 sensors and a machine_status column at one row per minute.
 *
 *   npx tsx data/generate.ts                 rewrite data/pump_raw.csv and data/pump_scaled_{1,2}.csv
 *   npx tsx data/generate.ts --large 100000  write data/generated/pump_large.csv (raw units)
 *   npx tsx data/generate.ts --month         write data/generated/pump_month.csv (30 days, 5 failures, precursors)
 *   add --out <dir> to write into another directory
 *
 * Everything is driven by a seeded PRNG, so the same options always give byte-identical files
 * (the committed files are checked against a fresh run in test/data/generate.test.ts).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Precursor, planPrecursors, withPrecursor } from './precursors.js';

export type MachineStatus = 'NORMAL' | 'BROKEN' | 'RECOVERING';

export const SENSOR_COUNT = 52;
export const SENSOR_NAMES: readonly string[] = Array.from(
  { length: SENSOR_COUNT },
  (_, index) => `sensor_${String(index).padStart(2, '0')}`,
);
export const CSV_HEADER = ['timestamp', ...SENSOR_NAMES, 'machine_status'].join(',');
/** As in the real data, one sensor never reports anything. */
export const ALWAYS_EMPTY_SENSOR = 15;

const MINUTE_MS = 60_000;
const DATA_DIR = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

export type Uniform = () => number;

/** mulberry32: a tiny 32-bit PRNG, uniform on [0, 1). */
export function mulberry32(seed: number): Uniform {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * An independent seed for one purpose (noise, failures, dropouts) of one file. Separate streams
 * keep, e.g., the dropout pattern from shifting every sensor value when it changes.
 */
export function deriveSeed(seed: number, stream: number): number {
  let hash = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Standard normal deviates by the Box–Muller transform (each pair of uniforms gives two). */
export function normalSource(uniform: Uniform): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform())); // 1 - u is in (0, 1]: log stays finite
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

function uniformBetween(uniform: Uniform, low: number, high: number): number {
  return low + (high - low) * uniform();
}

/** An integer in [low, high], both ends included. */
function integerBetween(uniform: Uniform, low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low + 1));
}

// ---------------------------------------------------------------------------------------------
// The pump model: one fixed set of sensor characteristics shared by every file
// ---------------------------------------------------------------------------------------------

/**
 * How one sensor behaves. Dynamics are in "unit" space, where 0 and 1 map to rawMin and rawMax;
 * a reading is level + slow drift + AR(1) noise, pulled toward failureLevel while the pump fails.
 */
export interface SensorSpec {
  readonly name: string;
  readonly empty: boolean;
  readonly rawMin: number;
  readonly rawMax: number;
  /** Decimals kept in raw files: about four significant digits at the sensor's scale. */
  readonly rawDecimals: number;
  readonly level: number;
  /** Lag-1 coefficient of the fast noise. */
  readonly noiseAr: number;
  /** Stationary standard deviation of the fast noise. */
  readonly noiseStd: number;
  /** Time constant (minutes) and standard deviation of the slow drift. */
  readonly driftMinutes: number;
  readonly driftStd: number;
  /** Where the reading heads while BROKEN (below level for most sensors, above for a few). */
  readonly failureLevel: number;
  readonly failureJitter: number;
  /** >1: the sensor is back to normal before RECOVERING ends (1 = exactly at the end). */
  readonly recoverySpeed: number;
}

type SensorGroup = 'smooth' | 'noisy' | 'mixed' | 'slow';

/** Nominal raw ranges [min, max], in the spirit of the real pump (0.05 up to 800 units). */
const RAW_RANGES: readonly (readonly [number, number])[] = [
  [0, 2.6],
  [38, 56],
  [36, 56],
  [28, 48],
  [0, 800],
  [0, 100],
  [0, 23],
  [0, 24], // 00-07
  [0, 24],
  [0, 25],
  [0, 76],
  [0, 60],
  [0, 32],
  [0, 0.05],
  [30, 500],
  [0, 1], // 08-15
  [0, 740],
  [0, 600],
  [0, 4.9],
  [0, 780],
  [0, 500],
  [0, 760],
  [0, 700],
  [0, 800], // 16-23
  [0, 800],
  [0, 790],
  [40, 700],
  [0, 60],
  [200, 780],
  [0, 800],
  [0, 700],
  [20, 520], // 24-31
  [30, 480],
  [0, 600],
  [70, 670],
  [30, 530],
  [2, 390],
  [0, 95],
  [20, 100],
  [20, 110], // 32-39
  [20, 90],
  [20, 80],
  [20, 80],
  [20, 100],
  [4, 300],
  [0, 120],
  [0, 160],
  [0, 90], // 40-47
  [0, 400],
  [0, 600],
  [30, 800],
  [25, 520], // 48-51
];

function groupOf(index: number): SensorGroup {
  if (index <= 13) return 'smooth';
  if (index <= 30) return 'noisy';
  if (index <= 37) return 'mixed';
  return 'slow';
}

/** About four significant digits relative to the sensor's full scale, at most six decimals. */
function decimalsForScale(rawMax: number): number {
  return Math.min(6, Math.max(0, 3 - Math.floor(Math.log10(rawMax))));
}

type Dynamics = Omit<SensorSpec, 'name' | 'empty' | 'rawMin' | 'rawMax' | 'rawDecimals'>;

/**
 * Group characteristics, with per-sensor variety drawn from a fixed model seed. The numbers were
 * tuned so min–max scaled files match the real files' mean / std / lag-1 autocorrelation bands.
 */
function groupDynamics(group: SensorGroup, uniform: Uniform): Dynamics {
  const between = (low: number, high: number) => uniformBetween(uniform, low, high);
  switch (group) {
    case 'smooth': {
      // Steady process values that mostly collapse when the pump breaks.
      const level = between(0.45, 0.85);
      return {
        level,
        noiseAr: between(0.7, 0.93),
        noiseStd: between(0.015, 0.04),
        driftMinutes: between(120, 400),
        driftStd: between(0.02, 0.07),
        failureLevel: smoothSensorFailureLevel(level, uniform),
        failureJitter: between(0.005, 0.02),
        recoverySpeed: between(1, 2.5),
      };
    }
    case 'noisy': {
      // Mostly measurement noise; a failure moves them by only about one noise width.
      const level = between(0.4, 0.6);
      const noiseStd = between(0.06, 0.1);
      const direction = uniform() < 0.75 ? -1 : 1;
      return {
        level,
        noiseAr: between(0, 0.2),
        noiseStd,
        driftMinutes: between(200, 600),
        driftStd: between(0.003, 0.01),
        failureLevel: level + direction * noiseStd * between(0.6, 1.2),
        failureJitter: noiseStd * 0.6,
        recoverySpeed: between(1.5, 3),
      };
    }
    case 'mixed': {
      const level = between(0.45, 0.6);
      const noiseStd = between(0.04, 0.07);
      return {
        level,
        noiseAr: between(0.35, 0.8),
        noiseStd,
        driftMinutes: between(150, 400),
        driftStd: between(0.015, 0.035),
        failureLevel: level - noiseStd * between(1.5, 3),
        failureJitter: noiseStd * 0.4,
        recoverySpeed: between(1, 2),
      };
    }
    case 'slow': {
      // Temperature-like drifts; they creep upward while the pump is down.
      const level = between(0.3, 0.45);
      return {
        level,
        noiseAr: between(0.8, 0.9),
        noiseStd: between(0.004, 0.008),
        driftMinutes: between(240, 720),
        driftStd: between(0.035, 0.07),
        failureLevel: level + between(0.12, 0.25),
        failureJitter: 0.003,
        recoverySpeed: between(0.8, 1.2),
      };
    }
  }
}

/**
 * Half the smooth sensors collapse, some dip about as far as they drift and a few rise. Once
 * min–max scaled, that spreads their normal levels from ~0.3 (risers) to ~0.95 (collapsers).
 */
function smoothSensorFailureLevel(level: number, uniform: Uniform): number {
  const kind = uniform();
  if (kind < 0.5) return level * uniformBetween(uniform, 0, 0.3);
  if (kind < 0.8) return level - uniformBetween(uniform, 0.08, 0.18);
  return Math.min(1, level + uniformBetween(uniform, 0.1, 0.25));
}

/** Sensors that the demo charts show, pinned to their real-data character. */
const PINNED_DYNAMICS: Readonly<Record<number, Partial<Dynamics>>> = {
  // sensor_04: ~630 of 800 in normal running, down to ~0 when broken, back quickly.
  4: { level: 0.79, noiseAr: 0.85, noiseStd: 0.006, driftStd: 0.006, failureLevel: 0, failureJitter: 0.002, recoverySpeed: 5 },
  // sensor_18: noisy around the middle of its range.
  18: { level: 0.5, noiseAr: 0.15, noiseStd: 0.08, failureLevel: 0.42 },
  // sensor_34: sits high; failures pull it well down.
  34: { level: 0.62, noiseAr: 0.7, noiseStd: 0.035, driftStd: 0.015, failureLevel: 0.38, recoverySpeed: 2 },
};

/** The pump's model seed: changing it changes every generated file. */
const PUMP_MODEL_SEED = 0x50554d50;

function buildSensorSpecs(): readonly SensorSpec[] {
  const uniform = mulberry32(PUMP_MODEL_SEED);
  return SENSOR_NAMES.map((name, index) => {
    const [rawMin, rawMax] = RAW_RANGES[index] ?? [0, 1];
    const dynamics = { ...groupDynamics(groupOf(index), uniform), ...PINNED_DYNAMICS[index] };
    return {
      name,
      empty: index === ALWAYS_EMPTY_SENSOR,
      rawMin,
      rawMax,
      rawDecimals: decimalsForScale(rawMax),
      ...dynamics,
    };
  });
}

export const SENSOR_SPECS: readonly SensorSpec[] = buildSensorSpecs();

// ---------------------------------------------------------------------------------------------
// Per-file plans: failure episodes and gaps
// ---------------------------------------------------------------------------------------------

/** Rows [brokenStart, recoveringStart) are BROKEN, [recoveringStart, normalStart) RECOVERING. */
export interface FailureEpisode {
  readonly brokenStart: number;
  readonly recoveringStart: number;
  readonly normalStart: number;
}

/**
 * Episodes of 5–30 minutes BROKEN then 30–120 RECOVERING, 4–24 hours apart. The first starts
 * 1–5 hours in, so any file of 450+ rows has at least one.
 */
export function planFailureEpisodes(rows: number, uniform: Uniform): FailureEpisode[] {
  const episodes: FailureEpisode[] = [];
  let brokenStart = integerBetween(uniform, 60, 300);
  for (;;) {
    const recoveringStart = brokenStart + integerBetween(uniform, 5, 30);
    const normalStart = recoveringStart + integerBetween(uniform, 30, 120);
    if (normalStart > rows) return episodes;
    episodes.push({ brokenStart, recoveringStart, normalStart });
    brokenStart = normalStart + integerBetween(uniform, 240, 1440);
  }
}

/**
 * Exactly `count` episodes (for long files meant for backtests), one in each of `count` equal
 * parts of the file, somewhere in the middle of it.
 */
export function planSpreadEpisodes(rows: number, count: number, uniform: Uniform): FailureEpisode[] {
  const part = Math.floor(rows / count);
  return Array.from({ length: count }, (_, i) => {
    const brokenStart = i * part + integerBetween(uniform, Math.floor(part * 0.3), Math.floor(part * 0.8));
    const recoveringStart = brokenStart + integerBetween(uniform, 5, 30);
    return { brokenStart, recoveringStart, normalStart: recoveringStart + integerBetween(uniform, 30, 120) };
  });
}

/** A run of consecutive empty cells in one sensor: rows [start, end). */
export interface GapRun {
  readonly sensor: number;
  readonly start: number;
  readonly end: number;
}

/** One or two short outages (5–25 rows) per 12 hours, each in a single sensor. */
export function planGapRuns(rows: number, uniform: Uniform): GapRun[] {
  const runs: GapRun[] = [];
  const blockRows = 720;
  for (let blockStart = 0; blockStart < rows; blockStart += blockRows) {
    const blockLength = Math.min(blockRows, rows - blockStart);
    const runsInBlock = integerBetween(uniform, 1, 2);
    for (let i = 0; i < runsInBlock; i++) {
      const length = integerBetween(uniform, 5, 25);
      const start = blockStart + integerBetween(uniform, 0, Math.max(0, blockLength - length));
      runs.push({ sensor: randomReportingSensor(uniform), start, end: Math.min(rows, start + length) });
    }
  }
  return runs;
}

function randomReportingSensor(uniform: Uniform): number {
  const sensor = integerBetween(uniform, 0, SENSOR_COUNT - 2);
  return sensor >= ALWAYS_EMPTY_SENSOR ? sensor + 1 : sensor;
}

// ---------------------------------------------------------------------------------------------
// Row generation
// ---------------------------------------------------------------------------------------------

export interface PumpOptions {
  readonly seed: number;
  readonly rows: number;
  /** First timestamp, `YYYY-MM-DD HH:MM:SS`, read as UTC. */
  readonly start: string;
  /** Chance that any single cell is missing (default 0.002). */
  readonly dropoutRate?: number;
  /** Exactly this many failures, spread over the file (default: one every 4–24 hours). */
  readonly failures?: number;
  /** Sensors drift or grow noisier before most failures (see precursors.ts). */
  readonly precursors?: boolean;
}

export interface PumpRow {
  readonly timestamp: string;
  /** One entry per sensor (raw units, or 0–1 from scaledPumpRows); null for an empty cell. */
  readonly values: readonly (number | null)[];
  readonly status: MachineStatus;
}

const DEFAULT_DROPOUT_RATE = 0.002;

// Stream numbers for deriveSeed.
const NOISE_STREAM = 1;
const FAILURE_STREAM = 2;
const DROPOUT_STREAM = 3;
const PRECURSOR_STREAM = 4;
const PRECURSOR_NOISE_STREAM = 5;

function parseStartTime(start: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(start);
  if (!match) throw new Error(`start must look like 2024-03-04 09:55:00, got "${start}"`);
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function formatTimestamp(epochMs: number): string {
  const date = new Date(epochMs);
  return (
    `${date.getUTCFullYear()}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())} ` +
    `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`
  );
}

interface TimelineStep {
  readonly status: MachineStatus;
  /** 0 healthy … 1 fully down; while RECOVERING, the severity reached when BROKEN ended. */
  readonly severity: number;
  /** 0 → 1 through RECOVERING. */
  readonly recoveryProgress: number;
}

const HEALTHY_STEP: TimelineStep = { status: 'NORMAL', severity: 0, recoveryProgress: 1 };

/** Status and failure severity of each row, in order. */
function* failureTimeline(rows: number, episodes: readonly FailureEpisode[]): Generator<TimelineStep> {
  let next = 0;
  let severityWhenRecoveryBegan = 0;
  for (let row = 0; row < rows; row++) {
    if (row >= (episodes[next]?.normalStart ?? Infinity)) next++;
    const episode = episodes[next];
    if (!episode || row < episode.brokenStart) {
      yield HEALTHY_STEP;
    } else if (row < episode.recoveringStart) {
      // Collapses within a few minutes rather than in a single step.
      const severity = 1 - Math.exp(-(row - episode.brokenStart + 1) / 2);
      severityWhenRecoveryBegan = severity;
      yield { status: 'BROKEN', severity, recoveryProgress: 0 };
    } else {
      const progress = (row - episode.recoveringStart) / (episode.normalStart - episode.recoveringStart);
      yield { status: 'RECOVERING', severity: severityWhenRecoveryBegan, recoveryProgress: progress };
    }
  }
}

/** Severity felt by one sensor: during recovery it eases back to 0 on a cosine ramp. */
function sensorSeverity(spec: SensorSpec, severity: number, status: MachineStatus, progress: number): number {
  if (status !== 'RECOVERING') return severity;
  const own = Math.min(1, progress * spec.recoverySpeed);
  return severity * 0.5 * (1 + Math.cos(Math.PI * own));
}

/** An AR(1) process x' = a·x + sqrt(1 − a²)·σ·ε, started from its stationary distribution. */
class Ar1 {
  private value: number;
  private readonly innovationStd: number;
  constructor(
    private readonly coefficient: number,
    std: number,
    private readonly normal: () => number,
  ) {
    this.innovationStd = std * Math.sqrt(1 - coefficient * coefficient);
    this.value = std * normal();
  }
  step(): number {
    this.value = this.coefficient * this.value + this.innovationStd * this.normal();
    return this.value;
  }
}

/** The failures of a file and what precedes each (`uniform`: the file's failure stream; a fresh one by default). */
export function failurePlan(
  options: PumpOptions,
  uniform: Uniform = mulberry32(deriveSeed(options.seed, FAILURE_STREAM)),
): { episodes: FailureEpisode[]; precursors: Precursor[] } {
  const { rows, seed } = options;
  const episodes = options.failures ? planSpreadEpisodes(rows, options.failures, uniform) : planFailureEpisodes(rows, uniform);
  // Their own random stream: a file without precursors is the same with or without this code.
  const precursors = options.precursors ? planPrecursors(episodes, mulberry32(deriveSeed(seed, PRECURSOR_STREAM))) : [];
  return { episodes, precursors };
}

/** Rows of one file in raw units. Pure: the same options always yield the same rows. */
export function* pumpRows(options: PumpOptions): Generator<PumpRow> {
  const { seed, rows } = options;
  const dropoutRate = options.dropoutRate ?? DEFAULT_DROPOUT_RATE;
  const normal = normalSource(mulberry32(deriveSeed(seed, NOISE_STREAM)));
  const failureUniform = mulberry32(deriveSeed(seed, FAILURE_STREAM));
  const dropoutUniform = mulberry32(deriveSeed(seed, DROPOUT_STREAM));

  const { episodes, precursors } = failurePlan(options, failureUniform);
  const precursorNormal = normalSource(mulberry32(deriveSeed(seed, PRECURSOR_NOISE_STREAM)));
  let nextPrecursor = 0;
  const gapCells = gapCellSet(planGapRuns(rows, dropoutUniform));
  const noise = SENSOR_SPECS.map((spec) => new Ar1(spec.noiseAr, spec.noiseStd, normal));
  const drift = SENSOR_SPECS.map((spec) => new Ar1(Math.exp(-1 / spec.driftMinutes), spec.driftStd, normal));
  const startMs = parseStartTime(options.start);

  let row = 0;
  for (const { status, severity, recoveryProgress } of failureTimeline(rows, episodes)) {
    while (row >= (precursors[nextPrecursor]?.endRow ?? Infinity)) nextPrecursor++;
    const precursor = precursors[nextPrecursor];
    const values: (number | null)[] = new Array<number | null>(SENSOR_COUNT);
    for (let index = 0; index < SENSOR_COUNT; index++) {
      const spec = SENSOR_SPECS[index]!;
      // Every process steps on every row, so a missing cell never shifts later values.
      const steady = spec.level + drift[index]!.step() + noise[index]!.step();
      const jitter = normal();
      if (spec.empty || dropoutUniform() < dropoutRate || gapCells.has(gapCellKey(row, index))) {
        values[index] = null;
        continue;
      }
      const healthy = withPrecursor(steady, spec, index, row, precursor, precursorNormal);
      const pull = sensorSeverity(spec, severity, status, recoveryProgress);
      const unit = healthy + pull * (spec.failureLevel - healthy) + pull * spec.failureJitter * jitter;
      values[index] = Math.max(0, spec.rawMin + unit * (spec.rawMax - spec.rawMin));
    }
    yield { timestamp: formatTimestamp(startMs + row * MINUTE_MS), values, status };
    row++;
  }
}

function gapCellKey(row: number, sensor: number): number {
  return row * SENSOR_COUNT + sensor;
}

/** The cells of all runs as keys, so each cell is one Set lookup even in a 100k-row file. */
function gapCellSet(runs: readonly GapRun[]): Set<number> {
  const cells = new Set<number>();
  for (const run of runs) {
    for (let row = run.start; row < run.end; row++) cells.add(gapCellKey(row, run.sensor));
  }
  return cells;
}

export interface SensorRange {
  min: number;
  max: number;
}

/** Smallest and largest value of each sensor over a file (Infinity / -Infinity if all empty). */
export function sensorRanges(options: PumpOptions): SensorRange[] {
  const ranges = SENSOR_SPECS.map(() => ({ min: Infinity, max: -Infinity }));
  for (const { values } of pumpRows(options)) {
    values.forEach((value, index) => {
      if (value === null) return;
      const range = ranges[index]!;
      if (value < range.min) range.min = value;
      if (value > range.max) range.max = value;
    });
  }
  return ranges;
}

/**
 * Rows with each sensor min–max scaled to [0, 1] over the file. The generator is deterministic,
 * so a first pass finds the ranges and a second regenerates the rows: nothing is buffered.
 */
export function* scaledPumpRows(options: PumpOptions): Generator<PumpRow> {
  const ranges = sensorRanges(options);
  for (const row of pumpRows(options)) {
    const values = row.values.map((value, index) => {
      if (value === null) return null;
      const { min, max } = ranges[index]!;
      return max > min ? (value - min) / (max - min) : 0;
    });
    yield { ...row, values };
  }
}

// ---------------------------------------------------------------------------------------------
// CSV output
// ---------------------------------------------------------------------------------------------

export interface PumpFileOptions extends PumpOptions {
  /** Min–max scale each sensor to [0, 1] (6 decimals) instead of raw units. */
  readonly scaled?: boolean;
}

/** A number rounded to `decimals` places, without trailing zeros (decimals ≤ 6 never gives exponents). */
function formatNumber(value: number, decimals: number): string {
  const factor = 10 ** decimals;
  return String(Math.round(value * factor) / factor + 0); // + 0 turns -0 into 0
}

function csvLine(row: PumpRow, decimalsOf: (sensor: number) => number): string {
  let line = row.timestamp;
  for (let index = 0; index < row.values.length; index++) {
    const value = row.values[index];
    line += value === null || value === undefined ? ',' : `,${formatNumber(value, decimalsOf(index))}`;
  }
  return `${line},${row.status}\n`;
}

/** The file's lines, header first, each ending in a newline. */
export function* pumpCsvLines(options: PumpFileOptions): Generator<string> {
  yield `${CSV_HEADER}\n`;
  const rows = options.scaled ? scaledPumpRows(options) : pumpRows(options);
  const decimalsOf = options.scaled ? () => 6 : (sensor: number) => SENSOR_SPECS[sensor]!.rawDecimals;
  for (const row of rows) yield csvLine(row, decimalsOf);
}

/** The whole file as one string; meant for tests and small files. */
export function pumpCsv(options: PumpFileOptions): string {
  let text = '';
  for (const line of pumpCsvLines(options)) text += line;
  return text;
}

// Small batches: lines are short-lived then, and garbage collection stays cheap (larger batches
// were markedly slower for 100k rows).
const LINES_PER_WRITE = 200;

/** Writes a file in batches of lines, creating its directory if needed. */
export function writePumpCsv(path: string, options: PumpFileOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    let pending: string[] = [];
    for (const line of pumpCsvLines(options)) {
      pending.push(line);
      if (pending.length >= LINES_PER_WRITE) {
        writeSync(fd, pending.join(''));
        pending = [];
      }
    }
    if (pending.length > 0) writeSync(fd, pending.join(''));
  } finally {
    closeSync(fd);
  }
}

/** The committed demo files: 12 hours each, different days and seeds. */
export const COMMITTED_FILES: readonly { readonly file: string; readonly options: PumpFileOptions }[] = [
  { file: 'pump_raw.csv', options: { seed: 20240304, rows: 720, start: '2024-03-04 09:55:00' } },
  { file: 'pump_scaled_1.csv', options: { seed: 20240311, rows: 720, start: '2024-03-11 06:00:00', scaled: true } },
  { file: 'pump_scaled_2.csv', options: { seed: 20240318, rows: 720, start: '2024-03-18 14:30:00', scaled: true } },
];

export const LARGE_FILE_NAME = 'pump_large.csv';

/** A month at one row a minute with five failures, most with precursors: for backtests of alert rules (generated on demand, not committed). */
export const MONTH_FILE_NAME = 'pump_month.csv';
export const MONTH_FILE_OPTIONS: PumpFileOptions = {
  seed: 20240601,
  rows: 43_200,
  start: '2024-06-01 00:00:00',
  failures: 5,
  precursors: true,
};
const LARGE_FILE_OPTIONS = { seed: 20240101, start: '2024-01-01 00:00:00' } as const;

/** Writes the committed files into outDir (default: this directory); returns their paths. */
export function writeCommittedFiles(outDir: string = DATA_DIR): string[] {
  return COMMITTED_FILES.map(({ file, options }) => {
    const path = join(outDir, file);
    writePumpCsv(path, options);
    return path;
  });
}

/** Writes the month file into outDir (default: data/generated). */
export function writeMonthFile(outDir: string = join(DATA_DIR, 'generated')): string {
  const path = join(outDir, MONTH_FILE_NAME);
  writePumpCsv(path, MONTH_FILE_OPTIONS);
  return path;
}

/** Writes a raw benchmark file of `rows` rows into outDir (default: data/generated). */
export function writeLargeFile(rows: number, outDir: string = join(DATA_DIR, 'generated')): string {
  const path = join(outDir, LARGE_FILE_NAME);
  writePumpCsv(path, { ...LARGE_FILE_OPTIONS, rows });
  return path;
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

export interface CliArgs {
  largeRows?: number;
  month?: boolean;
  outDir?: string;
}

const USAGE = 'usage: tsx data/generate.ts [--large <rows> | --month] [--out <dir>]';

export function parseCliArgs(args: readonly string[]): CliArgs {
  const parsed: CliArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--large' && value !== undefined && /^[1-9]\d*$/.test(value)) {
      parsed.largeRows = Number(value);
      i++;
    } else if (arg === '--month') {
      parsed.month = true;
    } else if (arg === '--out' && value !== undefined && value !== '') {
      parsed.outDir = resolve(value);
      i++;
    } else {
      throw new Error(`unexpected argument "${arg}" (--large needs a positive row count)\n${USAGE}`);
    }
  }
  return parsed;
}

function main(args: readonly string[]): void {
  const { largeRows, month, outDir } = parseCliArgs(args);
  const started = Date.now();
  const paths = month
    ? [writeMonthFile(outDir)]
    : largeRows === undefined
      ? writeCommittedFiles(outDir)
      : [writeLargeFile(largeRows, outDir)];
  for (const path of paths) console.log(`wrote ${path}`);
  console.log(`done in ${Date.now() - started} ms`);
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntryPoint) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
