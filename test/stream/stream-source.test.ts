import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DataDir } from '../../src/sources/data-dir.js';
import type { SourceContext } from '../../src/sources/types.js';
import { createStreamSource } from '../../src/stream/stream-source.js';
import { scriptedPlugin, scriptedStream } from '../helpers/scripted-source.js';

/** The context a stream's config makes its source with. */
function contextOf(stream: Record<string, unknown>): SourceContext {
  const { plugin } = scriptedPlugin();
  let seen: SourceContext | undefined;
  const spy = {
    ...plugin,
    create: (config: never, context: SourceContext) => {
      seen = context;
      return plugin.create(config, context);
    },
  };
  const notify = () => {};
  createStreamSource(scriptedStream(stream), { plugin: spy, dataDir: {} as DataDir, logger: pino({ level: 'silent' }) }, notify);
  expect(seen!.notify).toBe(notify);
  return seen!;
}

describe('createStreamSource', () => {
  it('tells the source its stream, time field and the fields the pipeline reads', () => {
    const context = contextOf({ id: 'pump', columns: [{ column: 'ts', type: 'time' }, 'a', { column: 'b', as: 'B' }] });
    expect(context).toMatchObject({ streamId: 'pump', timeField: 'ts', fields: ['ts', 'a', 'b'] });
    expect(context.seedHistory).toBeUndefined();
    expect(contextOf({ columns: ['v'] }).timeField).toBeUndefined();
  });

  it('asks for a history seed of at most keep.rows messages, only when the history keeps anything', () => {
    expect(contextOf({ history: { seedFromTopic: '5m', keep: { rows: 100 } } }).seedHistory).toEqual({
      durationMs: 300_000,
      maxMessages: 100,
    });
    expect(contextOf({ history: { seedFromTopic: '5m', keep: { rows: 0 } } }).seedHistory).toBeUndefined();
    expect(contextOf({ history: { seedFromTopic: '5m', keep: { bytes: 0 } } }).seedHistory).toBeUndefined();
  });
});
