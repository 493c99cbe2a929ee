// A small, honest benchmark harness: warm up, then take the median of several
// timed samples, each long enough to swamp timer noise. Results are compared
// as ratios against a peer measured in the same run, never as absolute goals.

export interface Measurement {
  name: string;
  /** Operations per second (median of the samples). */
  opsPerSecond: number;
  /** Bytes per second when the workload has a size, else null. */
  bytesPerSecond: number | null;
}

const SAMPLES = 5;
const SAMPLE_MS = 200;

export function measure(name: string, run: () => void, bytesPerOp = 0): Measurement {
  for (let i = 0; i < 20; i++) run(); // warm up the JIT
  // Find how many operations fill one sample.
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) run();
    if (performance.now() - start > SAMPLE_MS / 4) break;
    batch *= 2;
  }
  const rates: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < SAMPLE_MS) {
      for (let i = 0; i < batch; i++) run();
      ops += batch;
      elapsed = performance.now() - start;
    }
    rates.push((ops / elapsed) * 1000);
  }
  rates.sort((a, b) => a - b);
  const opsPerSecond = rates[Math.floor(SAMPLES / 2)];
  return { name, opsPerSecond, bytesPerSecond: bytesPerOp ? opsPerSecond * bytesPerOp : null };
}

export interface Comparison {
  workload: string;
  ours: Measurement;
  peer: Measurement;
}

export function formatComparisons(comparisons: Comparison[]): string {
  const rows = comparisons.map(({ workload, ours, peer }) => {
    const rate = (m: Measurement) => (m.bytesPerSecond ? `${(m.bytesPerSecond / 2 ** 20).toFixed(0)} MiB/s` : `${Math.round(m.opsPerSecond).toLocaleString('en')} op/s`);
    return [workload, `${ours.name}: ${rate(ours)}`, `${peer.name}: ${rate(peer)}`, `${(ours.opsPerSecond / peer.opsPerSecond).toFixed(2)}×`];
  });
  const header = ['workload', 'ours', 'peer (same run)', 'ours / peer'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
