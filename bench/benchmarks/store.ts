// The durable store (server.store): each figure of a daemon with a store (a fresh temp directory)
// against the same measurement of a daemon with `store: false` (memory only) or, for the restarts,
// of a fresh memory-only start, alternately in the same run.
import { ensureLargeFile } from '../lib/pump-file.js';
import { resultRow } from '../lib/results.js';
import { storeSetting } from '../lib/store-dir.js';
import { median } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';
import { measureDaemon } from './pipeline-throughput.js';

/** The expensive rows take at most this many rounds (each round measures both sides). */
const MAX_ROUNDS = 3;
const rounds = (context: BenchContext) => Math.min(context.runs, MAX_ROUNDS);

export const storePipeline: Benchmark = {
  name: 'store-pipeline',
  title: 'Store: unpaced pipeline',
  description:
    "The pipeline benchmark's measurement (data/generated/pump_large.csv, 100,000 rows, `rate: unlimited`, one SSE client in its own " +
    'process until `jobfinished`, a fresh daemon each time) with `server.store` a fresh temp directory, vs `server.store: false`, ' +
    'alternately. Figure: rows/s with the store; reference: rows/s memory only.',
  budgetMs: 60_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const on: number[] = [];
    const off: number[] = [];
    const cpuOn: number[] = [];
    const cpuOff: number[] = [];
    const measure = async (withStore: boolean) => {
      const setting = storeSetting(withStore);
      try {
        const result = await measureDaemon({}, { store: setting.store });
        (withStore ? on : off).push(result.rowsPerSecond);
        (withStore ? cpuOn : cpuOff).push(result.cpuMs / result.ms);
        context.log(
          `store ${withStore ? 'on ' : 'off'}: ${Math.round(result.rowsPerSecond)} rows/s (${result.rows} rows, daemon CPU ${Math.round((100 * result.cpuMs) / result.ms)} %)`,
        );
      } finally {
        setting.remove();
      }
    };
    await interleaved(context, context.runs, [() => measure(true), () => measure(false)]);
    return [
      resultRow({
        benchmark: 'store',
        measure: 'unpaced pipeline, rows/s to one SSE client (100,000 rows), store on',
        unit: 'rows/s',
        runs: on,
        target: { of: 'ratio', op: '>=', value: 0.8 },
        reference: { what: 'the same with store: false', runs: off },
        notes: [
          `daemon CPU time / elapsed (median): ${Math.round(100 * median(cpuOn))} % with the store, ${Math.round(100 * median(cpuOff))} % memory only`,
        ],
      }),
    ];
  },
};

export const storeBenchmarks: Benchmark[] = [storePipeline];
