// How busy the machine was while a benchmark ran: the load average and the share of time some
// task waited for a CPU (Linux pressure stall information), so that noisy figures can be told
// from slow code. The machine is shared with other work.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface MachineLoad {
  /** 1-minute load average at the end. */
  loadAverage: number;
  /** Share (%) of the wall time during which at least one task was waiting for a CPU. */
  cpuPressurePct: number | null;
}

function cpuStallMicros(): number | undefined {
  try {
    const some = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    const total = /total=(\d+)/.exec(some)?.[1];
    return total === undefined ? undefined : Number(total);
  } catch {
    return undefined;
  }
}

/** Starts watching; the returned function tells the load since then. */
export function watchMachineLoad(): () => MachineLoad {
  const startStall = cpuStallMicros();
  const started = performance.now();
  return () => {
    const endStall = cpuStallMicros();
    const elapsedMicros = (performance.now() - started) * 1000;
    const pressure = startStall === undefined || endStall === undefined ? null : (100 * (endStall - startStall)) / elapsedMicros;
    return { loadAverage: loadavg()[0]!, cpuPressurePct: pressure === null ? null : Math.round(pressure) };
  };
}
