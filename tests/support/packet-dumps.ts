// Whole packets as Wireshark's "Copy as Hex Dump" gives them (offset, three
// spaces, 16 bytes, the ASCII column), for the tests that paste packets into
// the decoder: Ethernet II + IPv4 + TCP, each carrying one masked text frame
// from the client, in sequence, with no TCP or WebSocket handshake captured.

import { encodeFrame } from '../../engine/frame';
import { packetFor } from './capture-files';
import { segmentsFor, testMaskingKey } from './websocket-exchange';

export function wiresharkHexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = Array.from(bytes.subarray(at, at + 16));
    const hex = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(4, '0')}   ${hex.padEnd(47)}   ${ascii}`);
  }
  return lines.join('\n');
}

/** One packet per message, each a client's masked text frame, in order. */
export function wiresharkPacketDumps(messages: string[]): string[] {
  const pieces = messages.map((text, i) => ({
    from: 'client' as const,
    bytes: encodeFrame({ opcode: 1, payload: new TextEncoder().encode(text), maskingKey: testMaskingKey(i) }),
  }));
  return segmentsFor(pieces, { handshake: false, fin: false, clientIsn: 0x12345678 }).map((segment) => wiresharkHexDump(packetFor(segment).bytes));
}
