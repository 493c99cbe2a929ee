// Category 1, framing: text and binary messages at each edge of the three
// payload length encodings (RFC 6455 5.2), as Autobahn's 1.1 and 1.2; and
// 1.3, the explorer's own: masking (5.1, 5.3), which Autobahn's client never
// breaks.

import type { CaseDefinition } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, CloseCode, Opcode, answers, bytes, defineCases, failsWith, frame, frames, message, repeated } from './build';

const LENGTHS = [0, 125, 126, 127, 128, 65535, 65536];

function lengthCases(sub: 1 | 2): CaseDefinition[] {
  const opcode = sub === 1 ? Opcode.Text : Opcode.Binary;
  const kind = sub === 1 ? 'text' : 'binary';
  const payloadOf = (length: number) => repeated(sub === 1 ? '*' : bytes(0xfe), length);
  const cases: CaseDefinition[] = LENGTHS.map((length, i) => ({
    id: `1.${sub}.${i + 1}`,
    description: `Send a ${kind} message with a payload of length ${length}.`,
    rfc: [RFC.payloadLength, sub === 1 ? RFC.textFrames : RFC.binaryFrames],
    expectation: `The ${kind} message is echoed back with the payload as sent. Clean close with normal code.`,
    actions: [frames(frame(opcode, payloadOf(length))), CLOSE_NORMALLY],
    expect: answers(message(opcode, payloadOf(length))),
  }));
  cases.push({
    id: `1.${sub}.8`,
    description: `Send a ${kind} message with a payload of length 65536, written to the socket in chops of 997 octets.`,
    rfc: [RFC.payloadLength],
    expectation: `The ${kind} message is echoed back with the payload as sent, however TCP delivered its bytes. Clean close with normal code.`,
    actions: [{ type: 'frames', frames: [frame(opcode, payloadOf(65536))], chopSize: 997 }, CLOSE_NORMALLY],
    expect: answers(message(opcode, payloadOf(65536))),
    // 66 writes, each waiting for the one before: a slow server on a busy
    // machine (python-websockets under load) needed more than the default 5 s.
    timeoutMs: 15_000,
  });
  return cases;
}

const ZERO_KEY = bytes(0, 0, 0, 0);
const FIXED_KEY = bytes(0x37, 0xfa, 0x21, 0x3d);

const maskingCases: CaseDefinition[] = [
  {
    id: '1.3.1',
    description: 'Send a text message in an unmasked frame (MASK bit 0), as a client never may.',
    rfc: [RFC.unmaskedClientFrame],
    expectation: 'The connection is failed with 1002 (protocol error); the message is not echoed.',
    actions: [frames(frame(Opcode.Text, 'Hello, world!', { maskingKey: null }))],
    expect: failsWith(CloseCode.ProtocolError),
  },
  {
    id: '1.3.2',
    description: 'Send a valid text message, then a ping in an unmasked frame.',
    rfc: [RFC.unmaskedClientFrame],
    expectation: 'The text message is echoed, then the connection is failed with 1002; the ping is not answered. Failing before the echo is lenient: the frames may have arrived together.',
    actions: [frames(frame(Opcode.Text, 'Hello, world!'), frame(Opcode.Ping, 'unmasked', { maskingKey: null }))],
    expect: {
      ...failsWith(CloseCode.ProtocolError, [message(Opcode.Text, 'Hello, world!')]),
      lenient: [{ observations: [], why: 'the connection was failed before the valid first message was echoed' }],
    },
  },
  {
    id: '1.3.3',
    description: 'Send a text message masked with the all-zero key 00 00 00 00: masked, though the payload reads in the clear.',
    rfc: [RFC.maskingKey],
    expectation: 'The message is echoed: the MASK bit is set, and any 32-bit key is a key. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, 'Hello, world!', { maskingKey: ZERO_KEY })), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, 'Hello, world!')),
  },
  {
    id: '1.3.4',
    description: 'Send two text messages masked with the same key, 37 fa 21 3d.',
    rfc: [RFC.maskingKey],
    expectation: 'Both messages are echoed: a server cannot tell a reused key from a random one, and must not try. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, 'first', { maskingKey: FIXED_KEY }), frame(Opcode.Text, 'second', { maskingKey: FIXED_KEY })), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, 'first'), message(Opcode.Text, 'second')),
  },
];

export const FRAMING_CASES = defineCases([...lengthCases(1), ...lengthCases(2), ...maskingCases]);
