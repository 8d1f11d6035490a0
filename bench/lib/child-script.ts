// Runs a bundled child script of the suite (bench/lib/<name>.ts) with one JSON argument and
// collects the JSON lines it prints; `onLine` sees each as it arrives.
import { eachLine, spawnTracked, waitForExit } from './process.js';
import { bundledScript } from './scripts.js';

export async function runChildScript(
  name: string,
  args: object,
  onLine?: (line: Record<string, unknown>) => void,
): Promise<Record<string, unknown>[]> {
  const script = await bundledScript(name);
  const proc = spawnTracked(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  eachLine(proc.stdout!, (line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    lines.push(parsed);
    onLine?.(parsed);
  });
  await waitForExit(proc);
  if (proc.exitCode !== 0) throw new Error(`${name} failed (${proc.exitCode ?? proc.signalCode})`);
  return lines;
}
