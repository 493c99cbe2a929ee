// The simulation's scenarios: each sets up two endpoints so that one rule of
// RFC 6455 plays out on the wire when a person delivers the bytes. Every one
// starts with the opening handshake on the wire; what the sides do once open
// is queued in `onOpen`, so the person steps the handshake too.

import type { SimulationOptions } from './simulation';

export interface SimulationScenario {
  id: string;
  title: string;
  /** What to watch for, in a sentence or two. */
  summary: string;
  /** RFC 6455 sections it shows. */
  rfc: string[];
  options: SimulationOptions;
  /** How both sides end once everything is delivered (and, for keepalive, the clock advanced). */
  expected: {
    client: { state: 'OPEN' | 'CLOSED'; closeCode: number | null };
    server: { state: 'OPEN' | 'CLOSED'; closeCode: number | null };
    /** Virtual milliseconds to advance before delivering everything, when time matters. */
    advanceMs?: number;
  };
}

const text = (s: string) => new TextEncoder().encode(s);

export const SIMULATION_SCENARIOS: readonly SimulationScenario[] = [
  {
    id: 'echo',
    title: 'A message and its answer',
    summary: 'The client sends "Hello" masked; the server answers unmasked. Step byte by byte to see each side parse the header first, then the payload.',
    rfc: ['5.2', '5.3'],
    options: { onOpen: { client: [{ type: 'text', text: 'Hello' }], server: [{ type: 'text', text: 'Hello back' }] } },
    expected: { client: { state: 'OPEN', closeCode: null }, server: { state: 'OPEN', closeCode: null } },
  },
  {
    id: 'fragmented-with-ping',
    title: 'A fragmented message with a ping between its fragments',
    summary: 'The client sends one text message in three frames and a ping between the first two. The server answers the ping at once, before the message is whole.',
    rfc: ['5.4', '5.5.2'],
    options: {
      onOpen: {
        client: [
          { type: 'frame', spec: { opcode: 0x1, fin: false, payload: text('Frag') }, label: 'text frame, FIN 0: the first of three fragments' },
          { type: 'ping', payload: 'between' },
          { type: 'frame', spec: { opcode: 0x0, fin: false, payload: text('men') }, label: 'continuation frame, FIN 0: the second fragment' },
          { type: 'frame', spec: { opcode: 0x0, fin: true, payload: text('ted') }, label: 'continuation frame, FIN 1: the last fragment' },
        ],
      },
    },
    expected: { client: { state: 'OPEN', closeCode: null }, server: { state: 'OPEN', closeCode: null } },
  },
  {
    id: 'client-closes',
    title: 'The client closes',
    summary: 'The client sends close 1000; the server echoes it and closes TCP first, as 7.1.1 asks of a server.',
    rfc: ['5.5.1', '7.1.1', '7.1.2'],
    options: { onOpen: { client: [{ type: 'close', code: 1000, reason: 'done' }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1000 }, server: { state: 'CLOSED', closeCode: 1000 } },
  },
  {
    id: 'server-closes',
    title: 'The server closes',
    summary: 'The server sends close 1001 (going away); the client echoes it, and the server closes TCP once the echo arrives.',
    rfc: ['5.5.1', '7.1.1'],
    options: { onOpen: { server: [{ type: 'close', code: 1001, reason: 'restarting' }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1001 }, server: { state: 'CLOSED', closeCode: 1001 } },
  },
  {
    id: 'both-close',
    title: 'Both sides close at once',
    summary: 'Each side sends its close before it sees the other\'s. Neither echoes: each takes the other\'s close as the answer, and each reports the code it received.',
    rfc: ['5.5.1', '7.1.3'],
    options: { onOpen: { client: [{ type: 'close', code: 1000, reason: 'bye' }], server: [{ type: 'close', code: 1001, reason: 'going' }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1001 }, server: { state: 'CLOSED', closeCode: 1000 } },
  },
  {
    id: 'protocol-error',
    title: 'A frame that breaks a rule',
    summary: 'The client puts a frame with RSV2 set on the wire, with no extension to define it. The server fails the connection with 1002 the moment byte 0 arrives.',
    rfc: ['5.2', '7.1.7', '7.4.1'],
    options: { onOpen: { client: [{ type: 'frame', spec: { opcode: 0x1, rsv2: true, payload: text('odd') }, label: 'text frame with RSV2 set: broken on purpose' }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1002 }, server: { state: 'CLOSED', closeCode: 1002 } },
  },
  {
    id: 'invalid-utf8',
    title: 'Text that is not UTF-8',
    summary: 'The client sends a text frame whose payload holds the byte 0xFF, which never appears in UTF-8. The server fails with 1007 at that byte.',
    rfc: ['5.6', '8.1'],
    options: { onOpen: { client: [{ type: 'frame', spec: { opcode: 0x1, payload: Uint8Array.of(0x48, 0x69, 0xff, 0x21) }, label: 'text frame holding 0xFF: not UTF-8' }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1007 }, server: { state: 'CLOSED', closeCode: 1007 } },
  },
  {
    id: 'too-big',
    title: 'A message over the limit',
    summary: 'The server accepts messages of at most 64 bytes; the client sends 100. The server fails with 1009 as soon as the length field says so, before the payload arrives.',
    rfc: ['7.4.1', '10.4'],
    options: { maxMessageSize: 64, onOpen: { client: [{ type: 'text', text: 'x'.repeat(100) }] } },
    expected: { client: { state: 'CLOSED', closeCode: 1009 }, server: { state: 'CLOSED', closeCode: 1009 } },
  },
  {
    id: 'keepalive-timeout',
    title: 'Keepalive: no pong, no connection',
    summary:
      'The server pings every 54 s and gives up 60 s after the last pong, as gorilla\'s command example does. This client does not answer pings. Advance the clock: at 54 s a ping goes out, at 60 s the server drops TCP and both sides see 1006.',
    rfc: ['5.5.2', '7.1.5'],
    options: { autoPong: { client: false }, keepalive: { pingPeriodMs: 54_000, pongWaitMs: 60_000 } },
    expected: { client: { state: 'CLOSED', closeCode: 1006 }, server: { state: 'CLOSED', closeCode: 1006 }, advanceMs: 60_000 },
  },
];

export function scenarioById(id: string): SimulationScenario | undefined {
  return SIMULATION_SCENARIOS.find((scenario) => scenario.id === id);
}
