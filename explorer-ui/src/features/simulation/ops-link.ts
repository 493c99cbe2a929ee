// A simulation's history (engine/simulation.ts `history`) written compactly
// for a link, so #/simulation?scenario=…&ops=… rebuilds the very state a
// student shared (replaySimulation does the rebuilding).
//
// Steps are tokens joined by '.', a character URLSearchParams leaves as it
// is. Stepping byte by byte makes long runs of the same step, so a step may
// carry a repeat count:
//
//   s, S      the next byte / the next unit (frame) delivered to the server
//   c, C      the same, delivered to the client
//   a         everything delivered
//   s12       twelve of the same step
//   t54000    the virtual clock advanced by 54 000 ms
//   x<side><action>*arg*arg   a side acts: side c or s; action
//             t text*TEXT[*N]      b binary*HEX[*N]     (N: fragments)
//             p ping[*PAYLOAD]     o pong[*PAYLOAD]     x close[*CODE[*REASON]]
//             r raw*HEX[*LABEL]    f frame*OPCODE*FIN RSV1 RSV2 RSV3 as 0/1*HEX[*LABEL]
//
// In an argument, '%', '.' and '*' are written %25, %2E and %2A. A link
// garbled part way keeps the steps before the garbled one: a history cut
// short is still a history that happened.

import { bytesToHex, parseHex } from '../../../../engine/hex';
import type { SideAction, SimulationOp, Side } from '../../../../engine/simulation';

/** Most steps a link may expand to: a hostile link must not keep the page busy for minutes. */
export const MAX_LINK_STEPS = 20_000;
/** Longest clock advance a link may ask for: a year of virtual time. */
const MAX_ADVANCE_MS = 365 * 24 * 3600 * 1000;

const DELIVERY_TOKENS: Record<string, SimulationOp> = {
  s: { op: 'deliver', direction: 'to-server', amount: 'byte' },
  S: { op: 'deliver', direction: 'to-server', amount: 'unit' },
  c: { op: 'deliver', direction: 'to-client', amount: 'byte' },
  C: { op: 'deliver', direction: 'to-client', amount: 'unit' },
  a: { op: 'deliver-all' },
};

export function encodeOps(ops: readonly SimulationOp[]): string {
  const tokens: string[] = [];
  let previous = '';
  let repeat = 0;
  const flush = () => {
    if (repeat > 0) tokens.push(repeat === 1 ? previous : `${previous}${repeat}`);
  };
  for (const op of ops) {
    const token = encodeOp(op);
    // Only deliveries repeat; an advance or an action carries its own arguments.
    if (token === previous && token in DELIVERY_TOKENS) {
      repeat++;
      continue;
    }
    flush();
    if (token in DELIVERY_TOKENS) {
      previous = token;
      repeat = 1;
    } else {
      tokens.push(token);
      previous = '';
      repeat = 0;
    }
  }
  flush();
  return tokens.join('.');
}

/** The steps a link's ops parameter holds, as far as they can be read. */
export function decodeOps(text: string): SimulationOp[] {
  const ops: SimulationOp[] = [];
  if (!text) return ops;
  for (const token of text.split('.')) {
    const decoded = decodeToken(token);
    if (!decoded) break;
    const [op, count] = decoded;
    if (ops.length + count > MAX_LINK_STEPS) break;
    for (let i = 0; i < count; i++) ops.push(op);
  }
  return ops;
}

function encodeOp(op: SimulationOp): string {
  switch (op.op) {
    case 'deliver':
      return op.direction === 'to-server' ? (op.amount === 'byte' ? 's' : 'S') : op.amount === 'byte' ? 'c' : 'C';
    case 'deliver-all':
      return 'a';
    case 'advance':
      return `t${Math.round(op.ms)}`;
    case 'act':
      return `x${op.side === 'client' ? 'c' : 's'}${encodeAction(op.action)}`;
  }
}

function encodeAction(action: SideAction): string {
  const args = (...values: (string | number | undefined)[]) => {
    // Trailing absent arguments are left out; an absent one before a present one is written empty.
    while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
    return values.map((value) => `*${value === undefined ? '' : escapeArg(String(value))}`).join('');
  };
  switch (action.type) {
    case 'text':
      return `t${args(action.text, action.fragments)}`;
    case 'binary':
      return `b${args(action.hex, action.fragments)}`;
    case 'ping':
      return `p${args(action.payload)}`;
    case 'pong':
      return `o${args(action.payload)}`;
    case 'close':
      return `x${args(action.code, action.reason)}`;
    case 'raw':
      return `r${args(action.hex, action.label)}`;
    case 'frame': {
      const { spec } = action;
      const flags = [spec.fin ?? true, spec.rsv1, spec.rsv2, spec.rsv3].map((bit) => (bit ? '1' : '0')).join('');
      return `f${args(spec.opcode, flags, bytesToHex(spec.payload ?? new Uint8Array(0)), action.label)}`;
    }
  }
}

/** One token as a step and how many times it repeats, or null when it is garbled. */
function decodeToken(token: string): [SimulationOp, number] | null {
  const delivery = /^([sScCa])([0-9]{0,6})$/.exec(token);
  if (delivery) {
    const count = delivery[2] ? Number(delivery[2]) : 1;
    return count >= 1 ? [DELIVERY_TOKENS[delivery[1]], count] : null;
  }
  const advance = /^t([0-9]{1,12})$/.exec(token);
  if (advance) {
    const ms = Number(advance[1]);
    return ms <= MAX_ADVANCE_MS ? [{ op: 'advance', ms }, 1] : null;
  }
  const act = /^x([cs])([tbpoxrf])((?:\*[^*]*)*)$/.exec(token);
  if (!act) return null;
  const side: Side = act[1] === 'c' ? 'client' : 'server';
  const args = act[3] ? act[3].slice(1).split('*').map(unescapeArg) : [];
  const action = decodeAction(act[2], args);
  return action ? [{ op: 'act', side, action }, 1] : null;
}

function decodeAction(type: string, args: string[]): SideAction | null {
  const optional = (i: number) => (args[i] === undefined || args[i] === '' ? undefined : args[i]);
  switch (type) {
    case 't':
    case 'b': {
      if (args.length < 1 || args.length > 2) return null;
      const fragments = optional(1) === undefined ? undefined : wholeNumber(args[1], 1, 100_000);
      if (fragments === null) return null;
      const base = type === 't' ? { type: 'text' as const, text: args[0] } : { type: 'binary' as const, hex: args[0] };
      return fragments === undefined ? base : { ...base, fragments };
    }
    case 'p':
    case 'o': {
      if (args.length > 1) return null;
      const kind = type === 'p' ? ('ping' as const) : ('pong' as const);
      return args.length === 0 ? { type: kind } : { type: kind, payload: args[0] };
    }
    case 'x': {
      if (args.length > 2) return null;
      const code = optional(0) === undefined ? undefined : wholeNumber(args[0], 0, 0xffff);
      if (code === null) return null;
      return { type: 'close', ...(code === undefined ? {} : { code }), ...(args.length > 1 ? { reason: args[1] } : {}) };
    }
    case 'r':
      if (args.length < 1 || args.length > 2) return null;
      return { type: 'raw', hex: args[0], ...(args.length > 1 ? { label: args[1] } : {}) };
    case 'f': {
      if (args.length < 3 || args.length > 4) return null;
      const opcode = wholeNumber(args[0], 0, 15);
      const payload = parseHex(args[2]);
      if (opcode === null || !/^[01]{4}$/.test(args[1]) || !payload.ok) return null;
      const [fin, rsv1, rsv2, rsv3] = [...args[1]].map((bit) => bit === '1');
      return {
        type: 'frame',
        spec: { opcode, fin, ...(rsv1 ? { rsv1 } : {}), ...(rsv2 ? { rsv2 } : {}), ...(rsv3 ? { rsv3 } : {}), payload: payload.bytes },
        ...(args.length > 3 ? { label: args[3] } : {}),
      };
    }
  }
  return null;
}

/** A decimal whole number within [min, max] as a link writes it, else null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^[0-9]{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

function escapeArg(text: string): string {
  return text.replace(/[%.*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeArg(text: string): string {
  return text.replace(/%(25|2E|2A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
