import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COMMITTED_FILES,
  LARGE_FILE_NAME,
  parseCliArgs,
  planFailureEpisodes,
  mulberry32,
  pumpCsv,
  writeCommittedFiles,
  writeLargeFile,
  writePumpCsv,
} from '../../data/generate.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
const SMALL = { seed: 7, rows: 720, start: '2024-05-01 00:00:00' } as const;

// Written out by hand rather than taken from the generator, so a wrong header fails.
const EXPECTED_HEADER = ['timestamp', ...Array.from({ length: 52 }, (_, i) => `sensor_${i < 10 ? '0' : ''}${i}`), 'machine_status'].join(
  ',',
);

interface ParsedCsv {
  header: string;
  rows: string[][];
}

function parseCsv(text: string): ParsedCsv {
  expect(text.endsWith('\n')).toBe(true);
  const [header = '', ...lines] = text.slice(0, -1).split('\n');
  return { header, rows: lines.map((line) => line.split(',')) };
}

/** Column values by sensor number (0–51); null for an empty cell. */
function sensorColumn(csv: ParsedCsv, sensor: number): (number | null)[] {
  return csv.rows.map((row) => (row[sensor + 1] === '' ? null : Number(row[sensor + 1])));
}

function statuses(csv: ParsedCsv): string[] {
  return csv.rows.map((row) => row[row.length - 1] ?? '');
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function meanWhere(column: readonly (number | null)[], status: readonly string[], wanted: string): number {
  return mean(column.filter((value, i): value is number => value !== null && status[i] === wanted));
}

function lag1Autocorrelation(column: readonly (number | null)[]): number {
  const present = column.filter((value): value is number => value !== null);
  const average = mean(present);
  let covariance = 0;
  for (let i = 1; i < column.length; i++) {
    const previous = column[i - 1];
    const current = column[i];
    if (previous == null || current == null) continue;
    covariance += (previous - average) * (current - average);
  }
  const variance = present.reduce((sum, value) => sum + (value - average) ** 2, 0);
  return covariance / variance;
}

/** Lengths of the consecutive runs of one status, in order. */
function runLengths(status: readonly string[], wanted: string): number[] {
  const runs: number[] = [];
  let length = 0;
  for (const value of [...status, '']) {
    if (value === wanted) length++;
    else if (length > 0) {
      runs.push(length);
      length = 0;
    }
  }
  return runs;
}

// The property tests check the generator's output for each committed file; 'committed files'
// below checks that the files in data/ are byte for byte that output.
const committed = COMMITTED_FILES.map(({ file, options }) => ({
  file,
  scaled: options.scaled === true,
  text: pumpCsv(options),
}));

const tempDirs: string[] = [];
function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtg-generate-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('determinism', () => {
  it('gives byte-identical output for the same options, on disk too', () => {
    const first = pumpCsv(SMALL);
    expect(pumpCsv(SMALL)).toBe(first);
    const path = join(makeTempDir(), 'same.csv');
    writePumpCsv(path, SMALL);
    expect(readFileSync(path, 'utf8')).toBe(first);
  });

  it('gives different data for different seeds', () => {
    const other = parseCsv(pumpCsv({ ...SMALL, seed: 8 }));
    const base = parseCsv(pumpCsv(SMALL));
    expect(other.rows[0]?.slice(1)).not.toEqual(base.rows[0]?.slice(1));
    expect(statuses(other)).not.toEqual(statuses(base));
  });

  it('plans at least one failure in any 12-hour file', () => {
    for (let seed = 0; seed < 200; seed++) {
      expect(planFailureEpisodes(720, mulberry32(seed)).length).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('committed files', () => {
  it('are exactly what the generator writes', () => {
    const dir = makeTempDir();
    const written = writeCommittedFiles(dir);
    expect(written).toHaveLength(3);
    for (const { file } of COMMITTED_FILES) {
      const fresh = readFileSync(join(dir, file));
      const stored = readFileSync(join(DATA_DIR, file));
      expect(fresh.equals(stored), `${file} differs from a fresh run: npm run data`).toBe(true);
    }
  });

  it('are three files, one raw and two scaled, small together', () => {
    expect(COMMITTED_FILES.map(({ file }) => file)).toEqual(['pump_raw.csv', 'pump_scaled_1.csv', 'pump_scaled_2.csv']);
    const bytes = COMMITTED_FILES.reduce((sum, { file }) => sum + statSync(join(DATA_DIR, file)).size, 0);
    expect(bytes).toBeLessThan(1.2e6);
  });

  it('start at different times', () => {
    const starts = committed.map(({ text }) => parseCsv(text).rows[0]?.[0]);
    expect(new Set(starts).size).toBe(3);
  });
});

describe.each(committed)('$file', ({ text, scaled }) => {
  const csv = parseCsv(text);
  const status = statuses(csv);

  it('has the exact header and 720 rows of 54 cells', () => {
    expect(csv.header).toBe(EXPECTED_HEADER);
    expect(csv.rows).toHaveLength(720);
    for (const row of csv.rows) expect(row).toHaveLength(54);
  });

  it('steps exactly one minute per row, as YYYY-MM-DD HH:MM:SS', () => {
    const times = csv.rows.map(([timestamp = '']) => {
      expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      return Date.parse(`${timestamp.replace(' ', 'T')}Z`);
    });
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(60_000);
  });

  it('has all three statuses, with BROKEN episodes of 5–30 minutes then 30–120 RECOVERING', () => {
    expect(new Set(status)).toEqual(new Set(['NORMAL', 'BROKEN', 'RECOVERING']));
    const broken = runLengths(status, 'BROKEN');
    const recovering = runLengths(status, 'RECOVERING');
    expect(broken.length).toBeGreaterThanOrEqual(1);
    expect(recovering).toHaveLength(broken.length);
    for (const length of broken) {
      expect(length).toBeGreaterThanOrEqual(5);
      expect(length).toBeLessThanOrEqual(30);
    }
    for (const length of recovering) {
      expect(length).toBeGreaterThanOrEqual(30);
      expect(length).toBeLessThanOrEqual(120);
    }
    const firstBroken = status.indexOf('BROKEN');
    expect(status[firstBroken - 1]).toBe('NORMAL');
    expect(status[firstBroken + broken[0]!]).toBe('RECOVERING');
  });

  it('drops sensor_04 clearly while BROKEN', () => {
    const sensor04 = sensorColumn(csv, 4);
    const normal = meanWhere(sensor04, status, 'NORMAL');
    const broken = meanWhere(sensor04, status, 'BROKEN');
    expect(broken).toBeLessThan(normal * 0.5);
    // Scaled: sits near the top of its range. Raw: around 600 units.
    const [low, high] = scaled ? [0.9, 1] : [500, 750];
    expect(normal).toBeGreaterThan(low);
    expect(normal).toBeLessThan(high);
  });

  it('leaves sensor_15 empty in every row', () => {
    for (const row of csv.rows) expect(row[16]).toBe('');
  });

  it('has a few other empty cells (under 1%), including a run of consecutive gaps', () => {
    let empty = 0;
    let longestRun = 0;
    for (let sensor = 0; sensor < 52; sensor++) {
      if (sensor === 15) continue;
      let run = 0;
      for (const value of sensorColumn(csv, sensor)) {
        run = value === null ? run + 1 : 0;
        if (value === null) empty++;
        longestRun = Math.max(longestRun, run);
      }
    }
    expect(empty).toBeGreaterThan(0);
    expect(empty / (51 * csv.rows.length)).toBeLessThan(0.01);
    expect(longestRun).toBeGreaterThanOrEqual(5);
  });

  it('writes plain decimals (no exponents, at most 6 decimals)', () => {
    for (const row of csv.rows) {
      for (const cell of row.slice(1, 53)) if (cell !== '') expect(cell).toMatch(/^\d+(\.\d{1,6})?$/);
    }
  });

  it('keeps the sensor groups’ character: smooth, noisy, in between, slow drift', () => {
    const autocorrelation = (sensor: number) => lag1Autocorrelation(sensorColumn(csv, sensor));
    for (let sensor = 0; sensor <= 13; sensor++) expect(autocorrelation(sensor)).toBeGreaterThan(0.8);
    for (let sensor = 16; sensor <= 30; sensor++) expect(Math.abs(autocorrelation(sensor))).toBeLessThan(0.4);
    for (let sensor = 31; sensor <= 37; sensor++) {
      expect(autocorrelation(sensor)).toBeGreaterThan(0.4);
      expect(autocorrelation(sensor)).toBeLessThan(0.95);
    }
    for (let sensor = 38; sensor <= 51; sensor++) expect(autocorrelation(sensor)).toBeGreaterThan(0.95);
  });
});

describe.each(committed.filter(({ scaled }) => scaled))('$file (scaled)', ({ text }) => {
  const csv = parseCsv(text);

  it('scales every sensor to [0, 1], touching both ends', () => {
    for (let sensor = 0; sensor < 52; sensor++) {
      if (sensor === 15) continue;
      const values = sensorColumn(csv, sensor).filter((value): value is number => value !== null);
      expect(Math.min(...values)).toBe(0);
      expect(Math.max(...values)).toBe(1);
      expect(values.every((value) => value >= 0 && value <= 1)).toBe(true);
    }
  });

  it('puts sensor_18 mid-range, sensor_34 high and slow sensors low, as in the real data', () => {
    const sensorMean = (sensor: number) => mean(sensorColumn(csv, sensor).filter((v): v is number => v !== null));
    expect(sensorMean(18)).toBeGreaterThan(0.35);
    expect(sensorMean(18)).toBeLessThan(0.6);
    expect(sensorMean(34)).toBeGreaterThan(0.6);
    for (let sensor = 38; sensor <= 51; sensor++) expect(sensorMean(sensor)).toBeLessThan(0.5);
  });
});

describe.each(committed.filter(({ scaled }) => !scaled))('$file (raw units)', ({ text }) => {
  const csv = parseCsv(text);
  const status = statuses(csv);

  it('uses very different raw scales per sensor', () => {
    const normalMean = (sensor: number) => meanWhere(sensorColumn(csv, sensor), status, 'NORMAL');
    expect(normalMean(0)).toBeGreaterThan(1);
    expect(normalMean(0)).toBeLessThan(3);
    expect(normalMean(13)).toBeLessThan(0.1);
    const means = Array.from({ length: 52 }, (_, sensor) => sensor)
      .filter((sensor) => sensor !== 15)
      .map(normalMean);
    expect(Math.max(...means) / Math.min(...means)).toBeGreaterThan(1000);
  });
});

describe('large benchmark file', () => {
  it('writes the requested number of raw rows under the given directory', () => {
    const dir = makeTempDir();
    const path = writeLargeFile(3000, dir);
    expect(path).toBe(join(dir, LARGE_FILE_NAME));
    const csv = parseCsv(readFileSync(path, 'utf8'));
    expect(csv.header).toBe(EXPECTED_HEADER);
    expect(csv.rows).toHaveLength(3000);
    expect(Number(csv.rows[0]?.[5])).toBeGreaterThan(100); // sensor_04 in raw units, not scaled
    expect(statuses(csv)).toContain('BROKEN');
  });
});

describe('parseCliArgs', () => {
  it('reads --large and --out', () => {
    expect(parseCliArgs([])).toEqual({});
    expect(parseCliArgs(['--large', '100000'])).toEqual({ largeRows: 100_000 });
    expect(parseCliArgs(['--out', '/tmp/x', '--large', '5'])).toEqual({ outDir: '/tmp/x', largeRows: 5 });
  });

  it('rejects missing or bad values and unknown flags', () => {
    for (const args of [['--large'], ['--large', '0'], ['--large', '1e5'], ['--large', '-3'], ['--out'], ['--rows', '3']]) {
      expect(() => parseCliArgs(args), args.join(' ')).toThrow(/usage/);
    }
  });
});
