// The contract every source plugin keeps, checked the same way for each: a suite that a plugin's
// test file runs with a fixture (a config that yields rows, one that fails). A new plugin that
// passes it works with the rest of the daemon without further changes.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DataDir } from '../../src/sources/data-dir.js';
import { SourceError } from '../../src/sources/errors.js';
import { builtinSources } from '../../src/sources/registry.js';
import { rowsOf, type Row } from '../../src/values/row.js';
import type { SourcePlugin } from '../../src/sources/types.js';

export interface ConformanceFixture {
  plugin: SourcePlugin;
  /** Prepares the world (a file, a topic with rows) and returns a config that yields rows for a while. */
  rowsConfig(): Promise<Record<string, unknown>>;
  /** The fields the stream reads; every row must hold them. */
  fields: string[];
  /** A config whose read fails (a missing file, say), or why the plugin has none. */
  failingConfig: (() => Promise<Record<string, unknown>>) | { none: string };
  dataDir(): Promise<DataDir>;
}

const logger = pino({ level: 'silent' });

export function describeConformance(fixture: ConformanceFixture): void {
  const { plugin } = fixture;
  const create = async (config: Record<string, unknown>) =>
    plugin.create(plugin.configSchema.parse(config), {
      streamId: 'conformance',
      dataDir: await fixture.dataDir(),
      logger,
      fields: fixture.fields,
      timeField: fixture.fields[0],
      notify: () => {},
    });

  describe(`source plugin "${plugin.type}" keeps the plugin contract`, () => {
    it('is registered, with a type name and a description', () => {
      expect(builtinSources).toContain(plugin);
      expect(plugin.type).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(plugin.description.length).toBeGreaterThan(20);
    });

    it('has a config schema that rejects unknown keys and describes every field', async () => {
      const config = await fixture.rowsConfig();
      expect(plugin.configSchema.safeParse(config).success).toBe(true);
      const typo = plugin.configSchema.safeParse({ ...config, unknownKey: 1 });
      expect(typo.success).toBe(false);
      for (const [name, field] of Object.entries(plugin.configSchema.shape)) {
        expect((field as { description?: string }).description, `field ${name}`).toBeTruthy();
      }
    });

    it('yields rows that hold the fields the stream reads', async () => {
      const source = await create(await fixture.rowsConfig());
      const abort = new AbortController();
      const rows: Row[] = [];
      for await (const item of source.read(abort.signal)) {
        rows.push(...rowsOf(item));
        if (rows.length >= 5) break;
      }
      abort.abort();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      for (const row of rows) for (const field of fixture.fields) expect(row, field).toHaveProperty(field);
      // Every counter it keeps is declared, so /metrics exports it without knowing the plugin.
      for (const key of Object.keys(source.counters?.() ?? {})) expect(plugin.counters, `counter ${key}`).toHaveProperty(key);
    });

    it('stops promptly when its signal aborts, without throwing', async () => {
      const source = await create(await fixture.rowsConfig());
      const abort = new AbortController();
      let rows = 0;
      const reading = (async () => {
        for await (const item of source.read(abort.signal)) {
          rows += rowsOf(item).length;
          if (rows >= 2 && !abort.signal.aborted) abort.abort();
        }
        return 'stopped';
      })();
      await expect.poll(() => abort.signal.aborted, { timeout: 20_000 }).toBe(true);
      // "Promptly" is a bound: the read must end within 2 s of the abort (the fixture's rows
      // would last far longer).
      let bound: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => (bound = setTimeout(() => resolve('still reading after 2 s'), 2000)));
      expect(await Promise.race([reading, late])).toBe('stopped');
      clearTimeout(bound);
    });

    const failing = fixture.failingConfig;
    if (typeof failing === 'function') {
      it('reports a failure as a SourceError, whose message is safe to show', async () => {
        const source = await create(await failing());
        const reading = (async () => {
          const abort = new AbortController();
          for await (const _ of source.read(abort.signal)) {
            // a failing source may yield rows before it fails
          }
        })();
        await expect(reading).rejects.toBeInstanceOf(SourceError);
      });
    } else {
      it.skip(`reports failures as SourceError (${failing.none})`, () => {});
    }
  });
}
