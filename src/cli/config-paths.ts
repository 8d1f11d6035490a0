import { existsSync } from 'node:fs';
import { bundledConfig } from '../paths.js';

/** The config files read when the command line names none: $RTG_CONFIG, else ./config/default.yaml, else the bundled demo config. */
export function defaultConfigPaths(): string[] {
  const fromEnv = process.env.RTG_CONFIG;
  if (fromEnv) return fromEnv.split(',').filter(Boolean);
  return [existsSync('config/default.yaml') ? 'config/default.yaml' : bundledConfig];
}
