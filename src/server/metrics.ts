import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { StreamChannel } from '../stream/channel.js';
import type { ChannelStats } from '../stream/stream-stats.js';
import type { StreamHub } from '../stream/hub.js';
import type { RunPredictStats } from './routes/compat.js';
import type { DurableStreams, StreamStats } from '../store/types.js';

/** Counters kept outside the hub: config reloads. */
export interface DaemonCounters {
  reloads: { ok: number; failed: number };
}

const STREAM_COUNTERS: [keyof ChannelStats, string, string][] = [
  ['rowsRead', 'rtg_rows_read_total', 'Rows read from the source.'],
  ['events', 'rtg_events_total', 'SSE events published (each serialized once, whatever the number of viewers).'],
  ['rowsSent', 'rtg_rows_sent_total', 'Rows written to viewers (one row to ten viewers counts ten).'],
  ['bytesSent', 'rtg_bytes_sent_total', 'Bytes of events written to viewers.'],
  ['slowDisconnects', 'rtg_slow_viewer_disconnects_total', 'Viewers disconnected for falling behind their queue bound.'],
  ['sourceErrors', 'rtg_source_errors_total', 'Runs that ended with a source error.'],
  ['resumes', 'rtg_viewer_resumes_total', 'Reconnecting viewers resumed from their Last-Event-ID.'],
  ['resets', 'rtg_viewer_resets_total', 'Reconnecting viewers that could not resume and were reset.'],
  ['runs', 'rtg_stream_runs_total', 'Times the stream started reading.'],
];

/**
 * A Prometheus registry for one daemon. Values are read from the hub at scrape time, so the hot
 * path only bumps plain numbers; counters stay monotonic across reloads (the hub keeps the totals
 * of replaced streams).
 */
export function createMetrics(hub: StreamHub, counters: DaemonCounters, runPredict?: () => RunPredictStats): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const perStream: [string, string, (channel: StreamChannel) => number][] = [
    ['rtg_viewers', 'Connected viewers per stream.', (c) => c.viewerCount],
    ['rtg_stream_running', '1 while the stream is reading its source.', (c) => (c.state === 'running' ? 1 : 0)],
    ['rtg_stream_ready', '1 when the stream can serve viewers (a source with a connection is live).', (c) => (c.isReady() ? 1 : 0)],
    ['rtg_history_rows', 'Rows the stream keeps in its history (for /api/streams/:id/history).', (c) => c.historyStats().rows],
    [
      'rtg_history_bytes',
      "Bytes of memory the stream's history holds (typed arrays at their capacity, and text).",
      (c) => c.historyStats().bytes,
    ],
  ];
  streamGauges(registry, perStream, () => hub.list().map((c) => [c.id, c]));
  for (const [key, name, help] of STREAM_COUNTERS) {
    new Counter({
      name,
      help,
      labelNames: ['stream'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stream, stats] of hub.totals()) this.inc({ stream }, stats[key]);
      },
    });
  }
  sourceCounters(hub, registry);
  alertMetrics(hub, registry);
  storeMetrics(hub, registry);
  new Counter({
    name: 'rtg_connections_refused_total',
    help: 'Event-stream requests answered 503, by reason.',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(hub.refused)) this.inc({ reason }, count);
    },
  });
  new Counter({
    name: 'rtg_config_reloads_total',
    help: 'Config reloads, by result.',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'ok' }, counters.reloads.ok);
      this.inc({ result: 'failed' }, counters.reloads.failed);
    },
  });
  if (runPredict) runPredictMetrics(registry, runPredict);
  return registry;
}

/** The original demo's endpoint: its replays are not viewers of a stream, so they have their own series. */
function runPredictMetrics(registry: Registry, stats: () => RunPredictStats): void {
  const gauges: [keyof RunPredictStats, string, string][] = [
    ['viewers', 'rtg_runpredict_viewers', 'Replays of /runPredict in progress (they count against server.maxViewers).'],
    ['cachedBytes', 'rtg_runpredict_cached_bytes', 'Encoded events kept for the files /runPredict replays.'],
  ];
  const counters: [keyof RunPredictStats, string, string][] = [
    ['rowsSent', 'rtg_runpredict_rows_sent_total', 'Rows written by /runPredict replays.'],
    ['bytesSent', 'rtg_runpredict_bytes_sent_total', 'Bytes of events written by /runPredict replays.'],
    [
      'stalls',
      'rtg_runpredict_stalls_total',
      'Times a /runPredict client did not read fast enough: its replay waited for it (others did not).',
    ],
    [
      'fileParses',
      'rtg_runpredict_file_parses_total',
      'CSV files parsed for /runPredict (once for all replays of a file while it is unchanged).',
    ],
  ];
  for (const [key, name, help] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(stats()[key]);
      },
    });
  }
  for (const [key, name, help] of counters) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(stats()[key]);
      },
    });
  }
}

/**
 * Every counter a source plugin declares, on the metric its spec names (one metric may gather
 * the counters of several plugins), labelled by stream and by the spec's labels.
 */
function sourceCounters(hub: StreamHub, registry: Registry): void {
  const metrics = new Map<
    string,
    { help: string; labelNames: Set<string>; parts: { type: string; key: string; labels: Record<string, string> }[] }
  >();
  for (const plugin of hub.sourcePlugins()) {
    for (const [key, spec] of Object.entries(plugin.counters ?? {})) {
      const metric = metrics.get(spec.metric) ?? { help: spec.help, labelNames: new Set(['stream']), parts: [] };
      for (const label of Object.keys(spec.labels ?? {})) metric.labelNames.add(label);
      metric.parts.push({ type: plugin.type, key, labels: { ...spec.labels } });
      metrics.set(spec.metric, metric);
    }
  }
  for (const [name, { help, labelNames, parts }] of metrics) {
    new Counter({
      name,
      help,
      labelNames: [...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const channel of hub.list()) {
          const values = channel.sourceCounters();
          for (const part of parts) {
            if (part.type !== channel.config.source.type || values[part.key] === undefined) continue;
            this.inc({ stream: channel.id, ...part.labels }, values[part.key]);
          }
        }
      },
    });
  }
}

/** The store, per stream: rows and bytes on disk, commits and their latency; and whether it writes. */
function storeMetrics(hub: StreamHub, registry: Registry): void {
  const perStream: [string, string, (s: StreamStats) => number][] = [
    ['rtg_store_rows', 'Rows of the stream in the durable store.', (s) => s.rows],
    ['rtg_store_bytes', 'Estimated bytes of the stream on disk in the store.', (s) => s.bytes],
    ['rtg_store_pending_rows', 'Rows of the stream waiting for the next commit.', (s) => s.pendingRows],
    ['rtg_store_last_commit_seconds', "The stream's latest commit's duration.", (s) => s.lastCommitMs / 1000],
    ['rtg_store_max_commit_seconds', "The stream's longest commit's duration.", (s) => s.maxCommitMs / 1000],
  ];
  streamGauges(registry, perStream, () => (hub.store?.stats().streams ?? []).map((s) => [s.stream, s]));
  new Counter({
    name: 'rtg_store_commits_total',
    help: 'Commits of the stream to the store (rows, marks and its position, in one transaction).',
    labelNames: ['stream'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of hub.store?.stats().streams ?? []) this.inc({ stream: s.stream }, s.commits);
    },
  });
  const whole: [string, string, (store: DurableStreams) => number][] = [
    ['rtg_store_file_bytes', "The store's database file and write-ahead log, in bytes.", (st) => st.stats().fileBytes],
    ['rtg_store_write_errors', 'Writes to the store that failed since the daemon started.', (st) => st.stats().writeErrors],
  ];
  new Gauge({
    name: 'rtg_store_ok',
    help: '1 while the store writes; 0 when it failed or could not be opened (streams go on in memory; /readyz says why).',
    registers: [registry],
    collect() {
      this.set(hub.storeHealth().ok ? 1 : 0);
    },
  });
  for (const [name, help, value] of whole) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        if (hub.store) this.set(value(hub.store));
      },
    });
  }
}

/** One gauge per alert rule (1 while it fires) and its transitions, for Prometheus and Alertmanager. */
function alertMetrics(hub: StreamHub, registry: Registry): void {
  new Gauge({
    name: 'rtg_alert_firing',
    help: "1 while the alert rule fires in the stream's current run.",
    labelNames: ['stream', 'rule'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of hub.alertTotals()) this.set({ stream: a.stream, rule: a.rule }, a.firing ? 1 : 0);
    },
  });
  new Counter({
    name: 'rtg_alert_transitions_total',
    help: 'Alert rule transitions (state: firing or resolved); counts stay over reloads.',
    labelNames: ['stream', 'rule', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of hub.alertTotals()) {
        this.inc({ stream: a.stream, rule: a.rule, state: 'firing' }, a.transitions.firing);
        this.inc({ stream: a.stream, rule: a.rule, state: 'resolved' }, a.transitions.resolved);
      }
    },
  });
}

/** One gauge per entry, labelled by stream, read at scrape time from what `items` gives per stream. */
function streamGauges<T>(registry: Registry, entries: [string, string, (item: T) => number][], items: () => [string, T][]): void {
  for (const [name, help, value] of entries) {
    new Gauge({
      name,
      help,
      labelNames: ['stream'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stream, item] of items()) this.set({ stream }, value(item));
      },
    });
  }
}
