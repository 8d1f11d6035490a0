// The derived benchmark's in-process figure: a stream's pipeline as the daemon runs it, without HTTP
// or encoding. The CSV source (from the registry) reads the file unpaced; every batch goes through
// the run's stages (`stagesForRun`: select/convert, then the derived signals) with `runPipeline`,
// as in StreamRun.read. Several runs in this one process: the first is cold (JIT, and the
// learned scale's pre-scan with an empty cache), the later ones warm.
// Usage: pipeline-read <data dir> <stream JSON> <runs>. Prints one {"run","ms","cpuMs","rows"} line per run
// (cpuMs: the whole process's CPU time, file reads on the thread pool included).
import pino from 'pino';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/stage.js';
import { DataDir } from '../../src/sources/data-dir.js';
import { stagesForRun, streamTimeName } from '../../src/pipeline/run-pipeline.js';
import { defaultPlugins } from '../../src/plugins.js';
import { rowsOf } from '../../src/values/row.js';

const [dir, streamJson, runsArg] = process.argv.slice(2);
if (!dir || !streamJson) throw new Error('usage: pipeline-read <data dir> <stream JSON> [runs]');
const plugins = defaultPlugins();
const config = normalizeStream(streamSchema(plugins).parse(JSON.parse(streamJson)), 'bench');
const plugin = plugins.sources.get(config.source.type)!;
const dataDir = await DataDir.open(dir);
const logger = pino({ level: 'silent' });

for (let run = 0; run < Number(runsArg ?? 2); run++) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const signal = new AbortController().signal;
  // A new run makes a new source and new stages, as each StreamRun does.
  const source = plugin.create(config.source, {
    streamId: config.id,
    dataDir,
    logger,
    fields: config.columns.map((c) => c.from),
    notify: () => {},
  });
  const { stage } = await stagesForRun(config, { timeName: streamTimeName(config, []), source, signal, mark: () => {} });
  let rows = 0;
  let sink = 0;
  for await (const item of source.read(signal)) {
    const out = runPipeline(stage, rowsOf(item));
    rows += out.rows.length;
    sink += Object.keys(out.rows[out.rows.length - 1] ?? {}).length; // keeps the output alive
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`${JSON.stringify({ run, ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, sink })}\n`);
}
