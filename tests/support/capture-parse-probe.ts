// Parses a capture file from disk 1 MiB at a time, as `wsx decode --pcap`
// reads it, in a process of its own so its time and peak memory are the
// parse's alone; prints them with what was found, as JSON.
//   tsx tests/support/capture-parse-probe.ts FILE

import { createReadStream, statSync } from 'node:fs';
import { CaptureReader } from '../../engine/capture/capture-reading';

const file = process.argv[2];
const started = performance.now();
let progressReports = 0;
let peakHeap = 0;
const reader = new CaptureReader({
  totalBytes: statSync(file).size,
  onProgress: () => {
    progressReports++;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);
  },
});
for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
  const buffer = chunk as Buffer;
  reader.push(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}
const reading = reader.finish();
const parseMs = performance.now() - started;
const usage = process.memoryUsage();
process.stdout.write(JSON.stringify({
  parseMs: Math.round(parseMs),
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  peakHeapPlusBuffersMB: Math.round(Math.max(peakHeap, usage.heapUsed + usage.arrayBuffers) / 1024 / 1024),
  progressReports,
  packets: reading.packets,
  sessions: reading.sessions.length,
  frames: reading.sessions.reduce((sum, s) => sum + s.frames.length, 0),
  problems: reading.sessions.reduce((sum, s) => sum + s.frames.filter((f) => f.problemCount > 0).length, 0),
  gapsOrConflicts: reading.sessions.reduce((sum, s) => sum + s.notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict').length, 0),
}) + '\n');
