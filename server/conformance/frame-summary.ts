// One line per frame for the wire log: what a person scanning the log needs
// before opening the frame in the decoder ("text, FIN, 13 bytes: "Hello,
// world!"", "close 1000 "bye"", "ping, RSV2, 0 bytes, masked").

import { readClosePayload } from '../../engine/close';
import type { FirstByte } from '../../engine/frame-header';
import { opcodeInfo } from '../../engine/opcode';
import type { WireDirection } from './report';

export interface FrameFacts extends FirstByte {
  masked: boolean;
  payloadLength: number;
}

const PREVIEW_BYTES = 48;
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * `payloadHead`: the first bytes of the payload, unmasked (at least the
 * close code, for a close frame). `compressed`: the frame belongs to a
 * compressed message, whose bytes are DEFLATE data, not text.
 */
export function describeFrame(frame: FrameFacts, payloadHead: Uint8Array, from: WireDirection, compressed = false): string {
  const parts = [opcodeInfo(frame.opcode).name];
  if (!frame.fin) parts.push('not FIN');
  const rsv = [frame.rsv1 && 'RSV1', frame.rsv2 && 'RSV2', frame.rsv3 && 'RSV3'].filter(Boolean) as string[];
  if (rsv.length) parts.push(compressed && frame.rsv1 && rsv.length === 1 ? 'RSV1 (compressed)' : rsv.join('+'));
  else if (compressed && frame.opcode === 0x0) parts.push('compressed data');
  // Masking is the expected state for a client and the wrong one for a server (5.1): only the surprise is named.
  if (from === 'client' && !frame.masked) parts.push('unmasked');
  if (from === 'server' && frame.masked) parts.push('masked');
  parts.push(`${frame.payloadLength} ${frame.payloadLength === 1 ? 'byte' : 'bytes'}`);
  const line = parts.join(', ');
  if (frame.opcode === 0x8) {
    if (frame.payloadLength === 0) return `${line}: no code`;
    if (payloadHead.length < 2) return `${line}: a 1-byte body`;
    const { code, reason } = readClosePayload(payloadHead);
    return `${line}: ${code}${reason ? ` ${quote(reason, frame.payloadLength - 2 > payloadHead.length - 2)}` : ''}`;
  }
  if (frame.payloadLength === 0 || compressed) return line;
  if (frame.opcode === 0x1 || ((frame.opcode === 0x0 || frame.opcode >= 0x9) && printable(payloadHead))) {
    return `${line}: ${quote(lenientUtf8.decode(payloadHead.subarray(0, PREVIEW_BYTES)), frame.payloadLength > PREVIEW_BYTES)}`;
  }
  return line;
}

function printable(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.subarray(0, PREVIEW_BYTES).every((b) => b >= 0x20 && b < 0x7f);
}

function quote(text: string, cut: boolean): string {
  return `${JSON.stringify(text)}${cut ? '…' : ''}`;
}
