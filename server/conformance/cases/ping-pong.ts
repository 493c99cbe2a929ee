// Category 2, pings and pongs (RFC 6455 5.5.2, 5.5.3), as Autobahn's 2.1–2.11.

import type { Action, CaseDefinition } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, CloseCode, Opcode, answers, bytes, defineCases, failsWith, frame, frames, pong, repeated, utf8 } from './build';

const BINARY_PING = bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff);
const TEN_PAYLOADS = Array.from({ length: 10 }, (_, i) => utf8(`payload-${i}`));

function tenPings(id: string, chopSize?: number): CaseDefinition {
  const send: Action = { type: 'frames', frames: TEN_PAYLOADS.map((p) => frame(Opcode.Ping, p)), ...(chopSize ? { chopSize } : {}) };
  return {
    id,
    description: `Send 10 pings with payloads payload-0 … payload-9${chopSize ? ', written octet by octet' : ''}.`,
    rfc: [RFC.ping, RFC.pongPayload],
    expectation: 'A pong for every ping, in order, each carrying its ping\'s payload. Answering only the most recent ping is permitted (5.5.2 MAY) and counted lenient. Clean close with normal code.',
    actions: [send, CLOSE_NORMALLY],
    expect: {
      ...answers(...TEN_PAYLOADS.map((p) => pong(p))),
      lenient: [{ observations: [pong(TEN_PAYLOADS[9])], why: 'only the most recent ping was answered, which 5.5.2 permits ("MAY elect to send a Pong frame for only the most recently processed Ping frame")' }],
    },
  };
}

export const PING_PONG_CASES = defineCases([
  {
    id: '2.1',
    description: 'Send a ping without payload.',
    rfc: [RFC.ping],
    expectation: 'A pong with an empty payload. Clean close with normal code.',
    actions: [frames(frame(Opcode.Ping)), CLOSE_NORMALLY],
    expect: answers(pong()),
  },
  {
    id: '2.2',
    description: 'Send a ping with a small text payload, "Hello, world!".',
    rfc: [RFC.ping, RFC.pongPayload],
    expectation: 'A pong with the same payload. Clean close with normal code.',
    actions: [frames(frame(Opcode.Ping, 'Hello, world!')), CLOSE_NORMALLY],
    expect: answers(pong('Hello, world!')),
  },
  {
    id: '2.3',
    description: 'Send a ping with a small binary (not UTF-8) payload, 00 ff fe fd fc fb 00 ff.',
    rfc: [RFC.ping, RFC.pongPayload],
    expectation: 'A pong with the same payload. Clean close with normal code.',
    actions: [frames(frame(Opcode.Ping, BINARY_PING)), CLOSE_NORMALLY],
    expect: answers(pong(BINARY_PING)),
  },
  {
    id: '2.4',
    description: 'Send a ping with a binary payload of 125 octets, the most a control frame carries.',
    rfc: [RFC.ping, RFC.controlFrames],
    expectation: 'A pong with the same payload. Clean close with normal code.',
    actions: [frames(frame(Opcode.Ping, repeated(bytes(0xfe), 125))), CLOSE_NORMALLY],
    expect: answers(pong(repeated(bytes(0xfe), 125))),
  },
  {
    id: '2.5',
    description: 'Send a ping with a binary payload of 126 octets, one more than a control frame may carry.',
    rfc: [RFC.controlFrames],
    expectation: 'The connection is failed with 1002 (protocol error); no pong.',
    actions: [frames(frame(Opcode.Ping, repeated(bytes(0xfe), 126)))],
    expect: failsWith(CloseCode.ProtocolError),
  },
  {
    id: '2.6',
    description: 'Send a ping with a binary payload of 125 octets, written octet by octet.',
    rfc: [RFC.ping],
    expectation: 'A pong with the same payload, however TCP delivered the ping. Clean close with normal code.',
    actions: [{ type: 'frames', frames: [frame(Opcode.Ping, repeated(bytes(0xfe), 125))], chopSize: 1 }, CLOSE_NORMALLY],
    expect: answers(pong(repeated(bytes(0xfe), 125))),
  },
  {
    id: '2.7',
    description: 'Send an unsolicited pong without payload.',
    rfc: [RFC.unsolicitedPong],
    expectation: 'Nothing in reply. Clean close with normal code.',
    actions: [frames(frame(Opcode.Pong)), CLOSE_NORMALLY],
    expect: answers(),
  },
  {
    id: '2.8',
    description: 'Send an unsolicited pong with payload "unsolicited pong payload".',
    rfc: [RFC.unsolicitedPong],
    expectation: 'Nothing in reply. Clean close with normal code.',
    actions: [frames(frame(Opcode.Pong, 'unsolicited pong payload')), CLOSE_NORMALLY],
    expect: answers(),
  },
  {
    id: '2.9',
    description: 'Send an unsolicited pong with payload, then a ping with payload "ping payload".',
    rfc: [RFC.unsolicitedPong, RFC.pongPayload],
    expectation: 'A pong for the ping only, with its payload. Clean close with normal code.',
    actions: [frames(frame(Opcode.Pong, 'unsolicited pong payload'), frame(Opcode.Ping, 'ping payload')), CLOSE_NORMALLY],
    expect: answers(pong('ping payload')),
  },
  tenPings('2.10'),
  tenPings('2.11', 1),
]);
