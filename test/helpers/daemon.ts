import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { createLogger } from '../../src/log.js';
import { startDaemon, type Daemon } from '../../src/main.js';
import type { SourceRegistry } from '../../src/sources/registry.js';
import { tempDir } from './temp.js';

export interface TestDaemon extends Daemon {
  dataDir: string;
  configFile: string;
  /** Log lines the daemon wrote (parsed JSON). */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface TestDaemonOptions {
  /** The `server:` block (port defaults to 0). */
  server?: Record<string, unknown>;
  streams: Record<string, unknown>[];
  /** The `dashboards:` section, if any. */
  dashboards?: Record<string, unknown>[];
  /** Files to put in the data directory: name → content. */
  files?: Record<string, string | Buffer>;
  /** Source types (default: the built-in ones). */
  registry?: SourceRegistry;
}

/** Starts a daemon in this process on a free loopback port, with its own config and data directory. */
export async function startTestDaemon(options: TestDaemonOptions): Promise<TestDaemon> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(options.files ?? {})) await dir.write(`data/${name}`, content);
  await dir.write('data/.keep', '');
  const configFile = await dir.write(
    'config/test.yaml',
    stringify({
      server: { port: 0, host: '127.0.0.1', dataDir: '../data', ...options.server },
      streams: options.streams,
      ...(options.dashboards ? { dashboards: options.dashboards } : {}),
    }),
  );
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  // The daemon's own logger (its redaction included), at debug, into this test's memory.
  const logger = createLogger('debug', sink);
  let daemon: Daemon;
  try {
    daemon = await startDaemon({ config: [configFile], logger, registry: options.registry });
  } catch (error) {
    await dir.remove();
    throw error;
  }
  return {
    ...daemon,
    dataDir: dir.path('data'),
    configFile,
    logs,
    async stop() {
      await daemon.close();
      await dir.remove();
    },
  };
}
