import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from 'pino';

/**
 * Calls `onChange` (debounced) when a config file is edited, added or removed. Directories are
 * watched as a whole; a single file is watched through its directory, because editors save by
 * writing a new file and renaming it over the old one, which a watch on the file itself misses.
 */
export async function watchConfig(paths: readonly string[], onChange: () => void, logger: Logger, debounceMs = 250): Promise<() => void> {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  for (const path of paths) {
    const full = resolve(path);
    const isDir = await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const dir = isDir ? full : dirname(full);
    const name = isDir ? undefined : basename(full);
    try {
      const watcher = watch(dir, { persistent: false }, (_event, file) => {
        if (name === undefined ? /\.(ya?ml|json)$/.test(String(file ?? '')) || file === null : file === name) changed();
      });
      watcher.on('error', (error) => logger.warn({ err: error, dir }, 'config watch failed; edits need SIGHUP'));
      watchers.push(watcher);
    } catch (error) {
      logger.warn({ err: error, dir }, 'cannot watch the config; edits need SIGHUP');
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
