// Category 7, close handling (RFC 6455 5.5.1, 7.1, 7.4), as Autobahn's 7.1
// (basic behavior), 7.3 (payload length), 7.5 (payload value), 7.7 (valid
// codes), 7.9 (invalid codes) and 7.13 (codes the spec leaves open). Beyond
// Autobahn: 7.7.14–7.7.16, the codes IANA registered later (1012–1014), and
// 7.9.10, 1015, which only reports a TLS failure.

import type { CaseDefinition } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, CloseCode, Opcode, answers, bytes, defineCases, failsWith, frame, frames, hexBytes, message, repeated, utf8 } from './build';

const HELLO = 'Hello World!';
const BIG = repeated('BAsd7&jh23', 256 * 1024);
const INVALID_REASON = hexBytes('cebae1bdb9cf83cebcceb5eda080656469746564');

const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999, 1012, 1013, 1014];
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 1015];

function afterClose(id: string, what: string, sendAfter: ReturnType<typeof frames>, ignored: string): CaseDefinition {
  return {
    id,
    description: `Send a close frame (1000), then ${what}.`,
    rfc: [RFC.answerClose, RFC.afterClose],
    expectation: `The close is answered with 1000 and the server closes TCP; ${ignored}.`,
    actions: [{ type: 'close', code: CloseCode.Normal, immediately: true }, sendAfter],
    expect: answers(),
  };
}

function closeWithCode(id: string, code: number, valid: boolean): CaseDefinition {
  if (valid) {
    return {
      id,
      description: `Send a close frame with the valid close code ${code}.`,
      rfc: [RFC.answerClose, RFC.validCodes],
      expectation: `The close is answered, echoing ${code}; answering with 1000 is lenient (5.5.1 says "typically echos"). The server closes TCP.`,
      actions: [{ type: 'close', code }],
      expect: answers(),
    };
  }
  return {
    id,
    description: `Send a close frame with the invalid close code ${code}.`,
    rfc: [code >= 1000 && code <= 1015 ? RFC.reservedCodes : RFC.codeRanges, RFC.closeBody],
    expectation: 'The connection is failed with 1002 (protocol error); dropping TCP without a close frame is lenient.',
    actions: [{ type: 'close', code }],
    expect: failsWith(CloseCode.ProtocolError),
  };
}

export const CLOSE_CASES = defineCases([
  {
    id: '7.1.1',
    description: `Send a message ("${HELLO}"), then a close frame.`,
    rfc: [RFC.answerClose],
    expectation: 'The message is echoed, then the close is answered with 1000 and the server closes TCP.',
    actions: [frames(frame(Opcode.Text, HELLO)), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, HELLO)),
  },
  afterClose('7.1.2', 'a second, empty close frame', frames(frame(Opcode.Close)), 'the second close frame is ignored'),
  afterClose('7.1.3', 'a ping', frames(frame(Opcode.Ping)), 'no pong: nothing is answered after a close (5.5.2)'),
  afterClose('7.1.4', `a text message ("${HELLO}")`, frames(frame(Opcode.Text, HELLO)), 'the text message is not echoed'),
  {
    id: '7.1.5',
    description: 'Send the first fragment of a text message, then a close frame (1000), then the final fragment.',
    rfc: [RFC.answerClose, RFC.controlInsideMessage],
    expectation: 'The close is answered with 1000 and the server closes TCP; the message is never echoed.',
    actions: [frames(frame(Opcode.Text, 'fragment1', { fin: false })), { type: 'close', code: CloseCode.Normal, immediately: true }, frames(frame(Opcode.Continuation, 'fragment2'))],
    expect: answers(),
  },
  {
    id: '7.1.6',
    description: `Send a 256 KiB text message, then "${HELLO}", then a close frame, then a ping, back to back.`,
    rfc: [RFC.answerClose, RFC.afterClose],
    expectation: 'Both messages are echoed, then the close is answered with 1000. An implementation that handles the close before it has written the echoes (as asynchronous ones may) sends fewer: lenient, as Autobahn files it under "informational".',
    timeoutMs: 10_000,
    actions: [frames(frame(Opcode.Text, BIG), frame(Opcode.Text, HELLO)), { type: 'close', code: CloseCode.Normal, immediately: true }, frames(frame(Opcode.Ping))],
    expect: {
      ...answers(message(Opcode.Text, BIG), message(Opcode.Text, HELLO)),
      lenient: [
        { observations: [message(Opcode.Text, BIG)], why: 'the close was handled before the second message was echoed' },
        { observations: [], why: 'the close was handled before either message was echoed' },
      ],
    },
  },
  {
    id: '7.3.1',
    description: 'Send a close frame with payload length 0: no close code, no reason.',
    rfc: [RFC.answerClose, RFC.reservedCodes],
    expectation: 'The close is answered with an empty close frame or 1000, and the server closes TCP. 1005 (what an API reports for an empty close) may never be sent.',
    actions: [{ type: 'close' }],
    expect: answers(),
  },
  {
    id: '7.3.2',
    description: 'Send a close frame with payload length 1 (the octet 0x61): too short for a close code.',
    rfc: [RFC.closeBody],
    expectation: 'The connection is failed with 1002 (protocol error); dropping TCP without a close frame is lenient.',
    actions: [{ type: 'close', payload: bytes(0x61) }],
    expect: failsWith(CloseCode.ProtocolError),
  },
  {
    id: '7.3.3',
    description: 'Send a close frame with payload length 2: the code 1000, no reason.',
    rfc: [RFC.answerClose],
    expectation: 'The close is answered with 1000 and the server closes TCP.',
    actions: [CLOSE_NORMALLY],
    expect: answers(),
  },
  {
    id: '7.3.4',
    description: `Send a close frame with code 1000 and the reason "${HELLO}".`,
    rfc: [RFC.answerClose, RFC.closeReason],
    expectation: 'The close is answered with 1000 and the server closes TCP.',
    actions: [{ type: 'close', code: CloseCode.Normal, reason: utf8(HELLO) }],
    expect: answers(),
  },
  {
    id: '7.3.5',
    description: 'Send a close frame with code 1000 and a reason of the largest length, 123 octets.',
    rfc: [RFC.answerClose, RFC.controlFrames],
    expectation: 'The close is answered with 1000 and the server closes TCP.',
    actions: [{ type: 'close', code: CloseCode.Normal, reason: repeated('*', 123) }],
    expect: answers(),
  },
  {
    id: '7.3.6',
    description: 'Send a close frame with code 1000 and a reason of 124 octets: a 126-octet payload, too long for a control frame.',
    rfc: [RFC.controlFrames],
    expectation: 'The connection is failed with 1002 (protocol error); dropping TCP without a close frame is lenient.',
    actions: [{ type: 'close', code: CloseCode.Normal, reason: repeated('*', 124) }],
    expect: failsWith(CloseCode.ProtocolError),
  },
  {
    id: '7.5.1',
    description: 'Send a close frame with code 1000 and a reason that is not valid UTF-8 (κόσμε, then a UTF-16 surrogate).',
    rfc: [RFC.closeReason, RFC.invalidUtf8],
    expectation: 'The connection is failed with 1007 or 1002 (Autobahn accepts both); dropping TCP without a close frame is lenient.',
    actions: [{ type: 'close', code: CloseCode.Normal, reason: INVALID_REASON }],
    expect: { observations: [], ending: { type: 'fail', codes: [CloseCode.InvalidPayload, CloseCode.ProtocolError] } },
  },
  ...VALID_CODES.map((code, i) => closeWithCode(`7.7.${i + 1}`, code, true)),
  ...INVALID_CODES.map((code, i) => closeWithCode(`7.9.${i + 1}`, code, false)),
  ...[5000, 65535].map((code, i): CaseDefinition => ({
    id: `7.13.${i + 1}`,
    description: `Send a close frame with the close code ${code}, outside every range of 7.4.2.`,
    rfc: [RFC.codeRanges, RFC.closeBody],
    expectation: 'The spec defines no code above 4999, so failing with 1002 is what it implies; answering the close is lenient (Autobahn: "actual events are undefined by the spec").',
    actions: [{ type: 'close', code }],
    expect: { observations: [], ending: { type: 'fail-or-answer', codes: [CloseCode.ProtocolError] } },
  })),
]);
