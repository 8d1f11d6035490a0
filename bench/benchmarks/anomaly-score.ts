// The anomaly score's cost: the derived-signals stream over 12 sensors, with and without an
// `anomaly` stage reading all 12, alternately in the same run (rows per CPU-second, in process).
import { ensureLargeFile, PUMP_COLUMNS } from '../lib/pump-file.js';
import { resultRow } from '../lib/results.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';
import { measurePipeline, SIX_DERIVED } from './derived-signals.js';

/** The pipeline benchmark's three sensors and nine more of the file's steady ones: 12 number columns. */
const TWELVE_SENSORS = [
  ...PUMP_COLUMNS.slice(1),
  'sensor_00',
  'sensor_01',
  'sensor_02',
  'sensor_03',
  'sensor_05',
  'sensor_06',
  'sensor_07',
  'sensor_08',
  'sensor_31',
];

/** Over all 12; a warm-up of 12 h of data time (720 rows of the file), then scored and learning on every row. */
const ANOMALY = { type: 'anomaly', columns: TWELVE_SENSORS, learn: '12h', top: 5 };

export const anomalyScore: Benchmark = {
  name: 'anomaly',
  title: 'Anomaly score',
  description:
    "An `anomaly` stage over 12 columns on the pipeline benchmark's file (100,000 rows at 1-minute steps, `rate: " +
    "unlimited`), added to the derived benchmark's six derived columns, against the same stream without it (both read " +
    "the same 12 sensors), alternately in the same run. Measured as the derived rows are: the CSV source's unpaced read " +
    "through the run's stages in process (bench/lib/pipeline-read.ts), in rows per second of the process's CPU time, the " +
    'last of 3 runs in a fresh process (warm). The stage learns for 12 h of data time (720 rows), then scores and keeps ' +
    'learning on every row: O(columns) a row.',
  budgetMs: 120_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const columns = ['timestamp', ...TWELVE_SENSORS];
    const runs = { derived: [] as number[], anomaly: [] as number[] };
    const measure = (label: string, stages: Record<string, unknown>[], into: number[]) => async () => {
      const rates = await measurePipeline({ columns, stages });
      into.push(rates[rates.length - 1]!);
      context.log(`pipeline, ${label}: ${rates.map((r) => Math.round(r)).join(' → ')} rows per CPU-second`);
    };
    await interleaved(context, context.runs, [
      measure('six derived columns, 12 sensors', SIX_DERIVED, runs.derived),
      measure('six derived columns and an anomaly score over the 12', [...SIX_DERIVED, ANOMALY], runs.anomaly),
    ]);
    return [
      resultRow({
        benchmark: 'anomaly',
        measure: 'pipeline rows per CPU-second with an anomaly score over 12 columns (and the six derived columns), warm',
        unit: 'rows/CPU-s',
        runs: runs.anomaly,
        target: { of: 'ratio', op: '>=', value: 0.5 },
        reference: { what: 'the same stream without the anomaly stage (six derived columns, 12 sensors read), warm', runs: runs.derived },
      }),
    ];
  },
};
