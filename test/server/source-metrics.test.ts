import { describe, expect } from 'vitest';
import { z } from 'zod';
import { builtinSources, SourceRegistry } from '../../src/sources/registry.js';
import { defineSource } from '../../src/sources/types.js';
import { withDaemon } from '../helpers/fixtures.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';

// A plugin the metrics module has never heard of: its declared counters reach /metrics anyway.
const ticker = defineSource({
  type: 'ticker',
  description: 'Emits a fixed number of rows (a test plugin).',
  configSchema: z.object({ rows: z.number().int().positive().describe('rows to emit') }).strict(),
  counters: {
    ticks: { metric: 'rtg_test_ticks_total', help: 'Rows the ticker made.' },
    skipped: {
      metric: 'rtg_source_bad_rows_total',
      help: 'unused: the first declaration of a metric gives its help',
      labels: { kind: 'tick' },
    },
  },
  create(config) {
    const counts = { ticks: 0, skipped: 0 };
    return {
      counters: () => ({ ...counts }),
      async *read() {
        for (let i = 0; i < config.rows; i++) {
          counts.ticks++;
          if (i % 2 === 1) counts.skipped++;
          yield { timestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), v: i };
        }
      },
    };
  },
});

const it = withDaemon({
  registry: new SourceRegistry([...builtinSources, ticker]),
  streams: [{ id: 'tick', source: { type: 'ticker', rows: 7 }, columns: ['timestamp', 'v'] }],
});

describe('source counters on /metrics', () => {
  it("exports every counter a plugin declares, under the spec's metric, help and labels", async ({ daemon }) => {
    const sse = await connectSse(`${daemon.url}/api/streams/tick/events`);
    await sse.ended;
    const metrics = (await httpGet(`${daemon.url}/metrics`)).body;
    expect(metrics).toContain('# HELP rtg_test_ticks_total Rows the ticker made.');
    expect(metrics).toContain('rtg_test_ticks_total{stream="tick"} 7');
    expect(metrics).toContain('rtg_source_bad_rows_total{stream="tick",kind="tick"} 3');
    expect(metrics).toContain('# HELP rtg_source_bad_rows_total Damaged CSV records');
  });
});
