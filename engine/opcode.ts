// RFC 6455 section 5.2: the 4-bit opcode, and section 11.8, the registry.

export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export type OpcodeValue = (typeof Opcode)[keyof typeof Opcode];

export interface OpcodeInfo {
  value: number;
  /** Short name used in JSON and the UI: "text", "close", "reserved-3"… */
  name: string;
  meaning: string;
  control: boolean;
  reserved: boolean;
  /** RFC 6455 section that defines the frame type. */
  rfc: string;
}

const known: Record<number, Omit<OpcodeInfo, 'value' | 'control' | 'reserved'>> = {
  0x0: { name: 'continuation', meaning: 'continuation frame: the next fragment of the message in progress', rfc: '5.4' },
  0x1: { name: 'text', meaning: 'text frame: the payload is UTF-8 text', rfc: '5.6' },
  0x2: { name: 'binary', meaning: 'binary frame: the payload is arbitrary bytes', rfc: '5.6' },
  0x8: { name: 'close', meaning: 'connection close: optional 2-byte code then UTF-8 reason', rfc: '5.5.1' },
  0x9: { name: 'ping', meaning: 'ping: the peer must answer with a pong carrying the same payload', rfc: '5.5.2' },
  0xa: { name: 'pong', meaning: 'pong: answers a ping, or an unsolicited heartbeat', rfc: '5.5.3' },
};

/** Control frames have the most significant opcode bit set (5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** 0x3–0x7 and 0xB–0xF are "reserved for further … frames" (5.2). */
export function isReservedOpcode(opcode: number): boolean {
  return !(opcode in known);
}

export function opcodeInfo(opcode: number): OpcodeInfo {
  const control = isControlOpcode(opcode);
  const entry = known[opcode];
  if (entry) return { value: opcode, control, reserved: false, ...entry };
  return {
    value: opcode,
    name: `reserved-${opcode.toString(16)}`,
    meaning: `reserved for further ${control ? 'control' : 'non-control'} frames; a receiver must fail the connection`,
    control,
    reserved: true,
    rfc: '5.2',
  };
}
