// A capture of any size, written straight to disk a few megabytes at a time:
// several WebSocket sessions interleaved, each direction's frames cut into
// Ethernet/IPv4/TCP packets, every hundredth pair of packets swapped so the
// reader's out-of-order path works too. For the test that a 100 MB capture
// parses in bounded time and memory.

import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeFrame } from '../../engine/frame';
import { UPGRADE_REQUEST, UPGRADE_RESPONSE } from './websocket-exchange';

export interface LargeCaptureSummary {
  bytes: number;
  packets: number;
  sessions: number;
  framesPerDirection: number;
}

const MSS = 1448;
const PAYLOAD_BYTES = 1000;

interface Direction {
  port: number;
  seq: number;
  /** Bytes waiting to be cut into segments. */
  pending: Buffer[];
  pendingBytes: number;
}

export function writeLargeCapture(path: string, targetBytes: number, sessions = 4): LargeCaptureSummary {
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  writeSync(fd, header);
  let written = header.length;
  let packets = 0;
  let time = 1_700_000_000;
  const batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    writeSync(fd, Buffer.concat(batch));
    batch.length = 0;
    batchBytes = 0;
  };
  let held: Buffer | null = null;
  const record = (packet: Buffer) => {
    const entry = Buffer.alloc(16 + packet.length);
    time += 0.00001;
    const seconds = Math.floor(time);
    entry.writeUInt32LE(seconds, 0);
    entry.writeUInt32LE(Math.round((time - seconds) * 1e6) % 1_000_000, 4);
    entry.writeUInt32LE(packet.length, 8);
    entry.writeUInt32LE(packet.length, 12);
    packet.copy(entry, 16);
    packets++;
    // Every hundredth packet changes places with the next one.
    if (packets % 100 === 0 && held === null) {
      held = entry;
      return;
    }
    batch.push(entry);
    batchBytes += entry.length;
    written += entry.length;
    if (held) {
      batch.push(held);
      batchBytes += held.length;
      written += held.length;
      held = null;
    }
    if (batchBytes > 4 * 1024 * 1024) flush();
  };

  const conversations = Array.from({ length: sessions }, (_, i) => ({
    client: { port: 40000 + i, seq: 1000 + i * 7919, pending: [], pendingBytes: 0 } as Direction,
    server: { port: 9000, seq: 900_000 + i * 104_729, pending: [], pendingBytes: 0 } as Direction,
  }));
  const segment = (from: Direction, to: Direction, flags: number, payload: Buffer) => {
    const packet = Buffer.alloc(14 + 20 + 20 + payload.length);
    packet.writeUInt16BE(0x0800, 12);
    packet[14] = 0x45;
    packet.writeUInt16BE(20 + 20 + payload.length, 16);
    packet[22] = 64;
    packet[23] = 6;
    packet.set([10, 0, 0, from.port === 9000 ? 2 : 1], 26);
    packet.set([10, 0, 0, to.port === 9000 ? 2 : 1], 30);
    packet.writeUInt16BE(from.port, 34);
    packet.writeUInt16BE(to.port, 36);
    packet.writeUInt32BE(from.seq >>> 0, 38);
    packet.writeUInt32BE(to.seq >>> 0, 42);
    packet[46] = 0x50;
    packet[47] = flags;
    packet.writeUInt16BE(65535, 48);
    payload.copy(packet, 54);
    from.seq = (from.seq + payload.length + (flags & 0x03 ? 1 : 0)) >>> 0;
    record(packet);
  };
  const send = (from: Direction, to: Direction, bytes: Uint8Array) => {
    from.pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    from.pendingBytes += bytes.length;
    while (from.pendingBytes >= MSS) {
      const all = Buffer.concat(from.pending);
      segment(from, to, 0x18, all.subarray(0, MSS));
      from.pending = [all.subarray(MSS)];
      from.pendingBytes = all.length - MSS;
    }
  };
  const drain = (from: Direction, to: Direction) => {
    if (from.pendingBytes > 0) segment(from, to, 0x18, Buffer.concat(from.pending));
    from.pending = [];
    from.pendingBytes = 0;
  };

  for (const { client, server } of conversations) {
    segment(client, server, 0x02, Buffer.alloc(0));
    segment(server, client, 0x12, Buffer.alloc(0));
    segment(client, server, 0x10, Buffer.alloc(0));
    send(client, server, UPGRADE_REQUEST);
    drain(client, server);
    send(server, client, UPGRADE_RESPONSE);
    drain(server, client);
  }
  const payload = new Uint8Array(PAYLOAD_BYTES).map((_, i) => i & 0xff);
  const key = Uint8Array.from([1, 2, 3, 4]);
  const clientFrame = encodeFrame({ opcode: 2, payload, maskingKey: key });
  const serverFrame = encodeFrame({ opcode: 2, payload });
  let frames = 0;
  while (written < targetBytes) {
    for (const { client, server } of conversations) {
      send(client, server, clientFrame);
      send(server, client, serverFrame);
    }
    frames++;
  }
  const close = Uint8Array.from([0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xe8 ^ 2]);
  for (const { client, server } of conversations) {
    send(client, server, close);
    drain(client, server);
    send(server, client, Uint8Array.from([0x88, 0x02, 0x03, 0xe8]));
    drain(server, client);
    segment(client, server, 0x11, Buffer.alloc(0));
    segment(server, client, 0x11, Buffer.alloc(0));
  }
  if (held) {
    batch.push(held);
    written += (held as Buffer).length;
  }
  flush();
  closeSync(fd);
  return { bytes: written, packets, sessions, framesPerDirection: frames + 1 };
}
