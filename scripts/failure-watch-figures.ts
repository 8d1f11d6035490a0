/**
 * The bundled failure-watch rule (stream `pump-watch` of config/default.yaml) run over each bundled
 * generated file, through the same stages the daemon runs: per BROKEN period, when the alert
 * fired against the start of BROKEN, and the alarms that belong to no failure, per 12 h of data.
 *
 *   npx tsx scripts/failure-watch-figures.ts
 *
 * A firing counts for a failure when it starts at most `LEAD_MS` before its BROKEN rows start and
 * before its RECOVERING rows end; any other firing is a false alarm.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config/load.js';
import { stagesForRun } from '../src/pipeline/run-pipeline.js';
import { defaultPlugins } from '../src/plugins.js';
import type { AlertData } from '../src/protocol/events.js';

const LEAD_MS = 60 * 60_000;
const FILES = ['pump_raw.csv', 'pump_scaled_1.csv', 'pump_scaled_2.csv'];

const config = await loadConfig(['config/default.yaml'], defaultPlugins());
const stream = config.streams.find((s) => s.id === 'pump-watch')!;
const time = stream.columns.find((c) => c.type === 'time')!.as;
const status = stream.states!.column;
console.log(`rule: ${JSON.stringify(stream.alerts)}; stages: ${JSON.stringify(stream.stages)}`);

for (const file of FILES) {
  const [header, ...lines] = (await readFile(`data/${file}`, 'utf8')).trim().split('\n');
  const names = header!.split(',');
  const records = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
  // The whole-file ranges the daemon's pre-scan gives the stages that learn them.
  const source = {
    read: async function* () {},
    ranges: async (fields: readonly string[]) =>
      new Map(
        fields.map((field) => {
          const values = records.map((r) => Number(r[field])).filter(Number.isFinite);
          return [field, { min: Math.min(...values), max: Math.max(...values) }];
        }),
      ),
  };
  const fired: AlertData[] = [];
  const { stage: pipeline } = await stagesForRun(stream, {
    timeName: time,
    source,
    signal: new AbortController().signal,
    mark: (mark) => {
      if (mark.name === 'alert') fired.push(mark.payload);
    },
  });
  const periods: { broken: number; end: number }[] = [];
  let first = Number.NaN;
  let last = Number.NaN;
  for (const record of records) {
    const row = pipeline(record)!;
    const t = Date.parse(row[time] as string);
    if (Number.isNaN(first)) first = t;
    last = t;
    const state = row[status];
    const open = periods.at(-1);
    if (state === 'BROKEN' && (!open || open.end !== Number.POSITIVE_INFINITY)) periods.push({ broken: t, end: Number.POSITIVE_INFINITY });
    else if (state === 'NORMAL' && open && open.end === Number.POSITIVE_INFINITY) open.end = t;
  }
  const firings = fired.filter((a) => a.state === 'firing').map((a) => Date.parse(a.at));
  const hours = (last - first + 60_000) / 3_600_000;
  const matched = new Set<number>();
  console.log(
    `\n${file}: ${records.length} rows, ${hours.toFixed(1)} h of data, ${periods.length} BROKEN period(s), ${firings.length} firing(s)`,
  );
  for (const p of periods) {
    const hit = firings.find((t) => t >= p.broken - LEAD_MS && t < p.end);
    if (hit !== undefined) matched.add(hit);
    const lag = hit === undefined ? 'missed' : `${hit >= p.broken ? 'lag' : 'lead'} ${Math.abs(hit - p.broken) / 60_000} min`;
    console.log(`  BROKEN from ${new Date(p.broken).toISOString()}: ${lag}`);
  }
  const falseAlarms = firings.filter((t) => !matched.has(t) && !periods.some((p) => t >= p.broken - LEAD_MS && t < p.end)).length;
  console.log(`  false alarms: ${falseAlarms} (${((falseAlarms * 12) / hours).toFixed(2)} per 12 h)`);
  console.log(`  transitions: ${fired.map((a) => `${a.state}@${a.at.slice(11, 16)} (${a.value.toFixed(2)})`).join(', ')}`);
}
