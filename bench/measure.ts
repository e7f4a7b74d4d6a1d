import { performance } from "node:perf_hooks";

// Wall time and this process's CPU time (user + system) per run; on a shared machine the CPU time is steadier.
export type Spread = { median: number; min: number; max: number };
export type Measured = { wall: Spread; cpu: Spread };

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Runs `work` `runs` times; milliseconds per run. */
export function measure(runs: number, work: () => unknown): Measured {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    work();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: spread(wall), cpu: spread(cpu) };
}
