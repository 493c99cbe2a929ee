// The TCP header (RFC 9293 3.1 "Header Format") and its options (3.2):
// ports, sequence and acknowledgment numbers, the flags, the window, and
// the options a handshake carries (MSS; window scale and timestamps, RFC
// 7323; SACK, RFC 2018).

export interface TcpFlags {
  cwr: boolean;
  ece: boolean;
  urg: boolean;
  ack: boolean;
  psh: boolean;
  rst: boolean;
  syn: boolean;
  fin: boolean;
}

export interface TcpOption {
  kind: number;
  name: string;
  /** Bytes the option takes, kind and length included. */
  length: number;
  /** The option's value in words: "1460", "7", "TSval 123 TSecr 0", "3000-4460". */
  value: string;
}

export interface TcpHeader {
  sourcePort: number;
  destinationPort: number;
  /** Unsigned 32-bit. */
  sequenceNumber: number;
  acknowledgmentNumber: number;
  /** Header length in bytes (data offset × 4). */
  headerLength: number;
  flags: TcpFlags;
  /** "SYN, ACK", as Wireshark's Info column lists them. */
  flagNames: string;
  window: number;
  checksum: number;
  urgentPointer: number;
  options: TcpOption[];
}

export type TcpRead = { ok: true; tcp: TcpHeader } | { ok: false; reason: string };

const TCP_MIN_HEADER = 20;
const FLAG_ORDER: Array<[keyof TcpFlags, number, string]> = [
  ['cwr', 0x80, 'CWR'],
  ['ece', 0x40, 'ECE'],
  ['urg', 0x20, 'URG'],
  ['ack', 0x10, 'ACK'],
  ['psh', 0x08, 'PSH'],
  ['rst', 0x04, 'RST'],
  ['syn', 0x02, 'SYN'],
  ['fin', 0x01, 'FIN'],
];
/** Wireshark's order: SYN, FIN, RST, PSH, ACK, then the rest. */
const NAME_ORDER: Array<keyof TcpFlags> = ['syn', 'fin', 'rst', 'psh', 'ack', 'urg', 'ece', 'cwr'];

function uint32(data: Uint8Array, at: number): number {
  return ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
}

export function readTcpHeader(data: Uint8Array, start: number, end: number): TcpRead {
  const available = end - start;
  if (available < TCP_MIN_HEADER) return { ok: false, reason: `a TCP header is at least 20 bytes and ${available} arrived` };
  const headerLength = (data[start + 12] >> 4) * 4;
  if (headerLength < TCP_MIN_HEADER) return { ok: false, reason: `the TCP data offset is ${headerLength / 4} words, less than the minimum 5 (RFC 9293 3.1)` };
  if (available < headerLength) return { ok: false, reason: `the TCP header claims ${headerLength} bytes and ${available} arrived` };
  const flagByte = data[start + 13];
  const flags = Object.fromEntries(FLAG_ORDER.map(([name, bit]) => [name, (flagByte & bit) !== 0])) as unknown as TcpFlags;
  return {
    ok: true,
    tcp: {
      sourcePort: (data[start] << 8) | data[start + 1],
      destinationPort: (data[start + 2] << 8) | data[start + 3],
      sequenceNumber: uint32(data, start + 4),
      acknowledgmentNumber: uint32(data, start + 8),
      headerLength,
      flags,
      flagNames: NAME_ORDER.filter((name) => flags[name]).map((name) => FLAG_ORDER.find(([n]) => n === name)![2]).join(', '),
      window: (data[start + 14] << 8) | data[start + 15],
      checksum: (data[start + 16] << 8) | data[start + 17],
      urgentPointer: (data[start + 18] << 8) | data[start + 19],
      options: readOptions(data, start + TCP_MIN_HEADER, start + headerLength),
    },
  };
}

/** RFC 9293 3.2: kinds 0 and 1 are one byte; every other option says its own length. */
function readOptions(data: Uint8Array, start: number, end: number): TcpOption[] {
  const options: TcpOption[] = [];
  let at = start;
  while (at < end) {
    const kind = data[at];
    if (kind === 0) {
      options.push({ kind, name: 'End of Option List', length: 1, value: '' });
      break;
    }
    if (kind === 1) {
      options.push({ kind, name: 'No-Operation', length: 1, value: '' });
      at++;
      continue;
    }
    const length = at + 1 < end ? data[at + 1] : 0;
    if (length < 2 || at + length > end) {
      options.push({ kind, name: 'malformed option', length: end - at, value: `kind ${kind} with length ${length} does not fit the header` });
      break;
    }
    options.push(describeOption(data, at, kind, length));
    at += length;
  }
  return options;
}

function describeOption(data: Uint8Array, at: number, kind: number, length: number): TcpOption {
  const value = (text: string, name: string): TcpOption => ({ kind, name, length, value: text });
  if (kind === 2 && length === 4) return value(String((data[at + 2] << 8) | data[at + 3]), 'Maximum Segment Size');
  if (kind === 3 && length === 3) return value(`shift ${data[at + 2]} (multiply by ${2 ** Math.min(data[at + 2], 14)})`, 'Window Scale');
  if (kind === 4 && length === 2) return value('', 'SACK Permitted');
  if (kind === 5) {
    const blocks: string[] = [];
    for (let b = at + 2; b + 8 <= at + length; b += 8) blocks.push(`${uint32(data, b)}-${uint32(data, b + 4)}`);
    return value(blocks.join(' '), 'SACK');
  }
  if (kind === 8 && length === 10) return value(`TSval ${uint32(data, at + 2)} TSecr ${uint32(data, at + 6)}`, 'Timestamps');
  return value(`${length - 2} bytes`, `option ${kind}`);
}
