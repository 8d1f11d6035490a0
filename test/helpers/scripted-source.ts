// A source the test drives step by step, for unit tests of runs and channels: rows, notices (sent
// between two rows, as real sources send them), the end of the input or an error, each when the
// test says. Everything happens in microtasks: `settle()` lets the run take all it was given.
import { z } from 'zod';
import { normalizeStream, streamSchema, type StreamConfig } from '../../src/config/schema.js';
import type { Progress } from '../../src/protocol/events.js';
import { defaultPlugins } from '../../src/plugins.js';
import type { DataSource, SourceNotice, SourcePlugin } from '../../src/sources/types.js';
import type { PositionedRows, Row } from '../../src/values/row.js';

type Step = { item: Row | readonly Row[] } | { notice: SourceNotice } | { end: true } | { error: unknown };

export interface ScriptedOptions {
  /** Rows per second the source says it is paced at (undefined: unpaced, the batcher decides by arrival). */
  nominalRate?: number;
  /** Rows come with log positions (a Kafka-like source). */
  positioned?: boolean;
  progress?: () => Progress | undefined;
  skipped?: () => number;
  counters?: () => Record<string, number>;
  /** The source's start-up check. */
  check?: () => Promise<void>;
  /** Keeps taking steps after its read was aborted (a source slow to unwind). */
  ignoresAbort?: boolean;
}

export class ScriptedSource implements DataSource {
  readonly nominalRate?: number;
  readonly positioned?: boolean;
  readonly progress?: () => Progress | undefined;
  readonly skipped?: () => number;
  readonly counters?: () => Record<string, number>;
  readonly check?: () => Promise<void>;
  /** Calls of read(), and the signal of the latest. */
  reads = 0;
  signal: AbortSignal | undefined;
  /** The read has returned or thrown. */
  done = false;
  private readonly steps: Step[] = [];
  private wake: (() => void) | undefined;

  constructor(
    readonly notify: (notice: SourceNotice) => void,
    private readonly options: ScriptedOptions = {},
  ) {
    this.nominalRate = options.nominalRate;
    this.positioned = options.positioned;
    this.progress = options.progress;
    this.skipped = options.skipped;
    this.counters = options.counters;
    this.check = options.check;
  }

  /** Rows, each yielded on its own. */
  rows(...rows: Row[]): this {
    for (const item of rows) this.step({ item });
    return this;
  }

  /** Rows yielded together, with their positions (`[partition, offset, …]`) and as backfill when asked. */
  together(rows: Row[], positions?: number[], backfill?: boolean): this {
    const item: PositionedRows = Object.assign([...rows], positions ? { positions } : {}, backfill ? { backfill } : {});
    return this.step({ item });
  }

  notice(notice: SourceNotice): this {
    return this.step({ notice });
  }

  end(): this {
    return this.step({ end: true });
  }

  fail(error: unknown): this {
    return this.step({ error });
  }

  async *read(signal: AbortSignal): AsyncIterable<Row | readonly Row[]> {
    this.reads++;
    this.signal = signal;
    try {
      for (;;) {
        if (signal.aborted && !this.options.ignoresAbort) return;
        const step = this.steps.shift();
        if (!step) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          continue;
        }
        if ('item' in step) yield step.item;
        else if ('notice' in step) this.notify(step.notice);
        else if ('error' in step) throw step.error;
        else return;
      }
    } finally {
      this.done = true;
    }
  }

  private step(step: Step): this {
    this.steps.push(step);
    this.wake?.();
    this.wake = undefined;
    return this;
  }
}

/** A plugin whose sources are ScriptedSources (`options` may depend on the stream); `sources` lists them in the order they were made. */
export function scriptedPlugin(options: ScriptedOptions | ((streamId: string) => ScriptedOptions) = {}, type = 'scripted') {
  const sources: ScriptedSource[] = [];
  const plugin: SourcePlugin = {
    type,
    description: 'a source driven by the test',
    configSchema: z.object({}),
    create(_config, context) {
      const source = new ScriptedSource(context.notify, typeof options === 'function' ? options(context.streamId) : options);
      sources.push(source);
      return source;
    },
  };
  return { plugin, sources };
}

/** Lets every pending microtask run: the run takes everything its source was given. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Row `i` of a test stream: minute `i` of 2024-01-01 (UTC), `v` = i. */
export function minuteRow(i: number, extra: Row = {}): Row {
  return { timestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), v: i, ...extra };
}

const plugins = defaultPlugins();

/**
 * A stream `s` of columns `timestamp` and `v` (override anything). Its source config is a CSV
 * file's, which the schema accepts; the ScriptedSource made for it never reads it.
 */
export function scriptedStream(stream: Record<string, unknown> = {}): StreamConfig {
  return normalizeStream(
    streamSchema(plugins).parse({ id: 's', source: { type: 'csv', file: 'unread.csv' }, columns: ['timestamp', 'v'], ...stream }),
    'test.yaml',
  );
}
