// Category 3, reserved bits (RFC 6455 5.2), as Autobahn's 3.1–3.7. The RSV
// value is Autobahn's: 4 is RSV1, 2 is RSV2, 1 is RSV3. No extension is
// negotiated, so any set bit must fail the connection, RSV1 included even
// on a server that could have agreed to permessage-deflate.

import { buildClosePayload } from '../../../engine/close';
import type { CaseDefinition } from '../case-model';
import { RFC } from '../rfc-text';
import { CloseCode, Opcode, defineCases, failsWith, frame, message } from './build';

const HELLO = 'Hello, world!';

function echoThenRsv(id: string, rsv: number, delivery: { frameWise?: boolean; chopSize?: number }, how: string): CaseDefinition {
  return {
    id,
    description: `Send a small text message, then again with RSV = ${rsv}, then a ping${how}.`,
    rfc: [RFC.rsv],
    expectation: 'The first message is echoed, then the connection is failed with 1002 (protocol error); the ping is not answered. Failing before the echo is lenient: the frames may have arrived together.',
    actions: [{ type: 'frames', frames: [frame(Opcode.Text, HELLO), frame(Opcode.Text, HELLO, { rsv }), frame(Opcode.Ping)], ...delivery }],
    expect: {
      ...failsWith(CloseCode.ProtocolError, [message(Opcode.Text, HELLO)]),
      lenient: [{ observations: [], why: 'the connection was failed before the valid first message was echoed' }],
    },
  };
}

function rsvAlone(id: string, rsv: number, opcode: number, what: string, payload: Uint8Array | string): CaseDefinition {
  return {
    id,
    description: `Send ${what} with RSV = ${rsv}.`,
    rfc: [RFC.rsv],
    expectation: 'The connection is failed with 1002 (protocol error); nothing is echoed or answered.',
    actions: [{ type: 'frames', frames: [frame(opcode, payload, { rsv })] }],
    expect: failsWith(CloseCode.ProtocolError),
  };
}

export const RESERVED_BITS_CASES = defineCases([
  rsvAlone('3.1', 1, Opcode.Text, 'a small text message', HELLO),
  echoThenRsv('3.2', 2, {}, ''),
  echoThenRsv('3.3', 3, { frameWise: true }, ', each frame flushed before the next'),
  echoThenRsv('3.4', 4, { chopSize: 1 }, ', written octet by octet'),
  rsvAlone('3.5', 5, Opcode.Binary, 'a small binary message', Uint8Array.from([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff])),
  rsvAlone('3.6', 6, Opcode.Ping, 'a ping', HELLO),
  rsvAlone('3.7', 7, Opcode.Close, 'a close frame (code 1000)', buildClosePayload(CloseCode.Normal)),
]);
