// Starts the bare node:http reference server (reference-server.ts) in its own process.
import type { ReferenceOptions } from './reference-server.js';
import { bundledScript } from './scripts.js';
import { startServerProcess, type RunningServer } from './server-process.js';

export type { ReferenceOptions };

export async function startReferenceServer(options: Partial<ReferenceOptions>): Promise<RunningServer> {
  const script = await bundledScript('reference-server');
  return startServerProcess({ args: [script, JSON.stringify(options)], readyMessage: 'reference listening' });
}

/** The reference server's event stream path (the daemon's is /api/streams/<id>/events). */
export const REFERENCE_EVENTS_PATH = '/events';
