// Category 4, opcodes (RFC 6455 5.2), as Autobahn's 4.1 (reserved data
// opcodes 3–7) and 4.2 (reserved control opcodes 0xB–0xF).

import type { CaseDefinition } from '../case-model';
import { RFC } from '../rfc-text';
import { CloseCode, Opcode, defineCases, failsWith, frame, message, repeated } from './build';

const HELLO = 'Hello, world!';

function reservedOpcodeCases(sub: 1 | 2, opcodes: number[]): CaseDefinition[] {
  const kind = sub === 1 ? 'non-control' : 'control';
  return opcodes.map((opcode, i): CaseDefinition => {
    const id = `4.${sub}.${i + 1}`;
    // Autobahn: the first sends it alone and empty, the second alone with a
    // payload, the last three after a valid message and before a ping.
    const payload = i === 0 ? '' : repeated('reserved ', 16);
    if (i < 2) {
      return {
        id,
        description: `Send a frame with reserved ${kind} opcode ${opcode}${i === 0 ? '' : ', with a non-empty payload'}.`,
        rfc: [RFC.unknownOpcode],
        expectation: 'The connection is failed with 1002 (protocol error).',
        actions: [{ type: 'frames', frames: [frame(opcode, payload)] }],
        expect: failsWith(CloseCode.ProtocolError),
      };
    }
    return {
      id,
      description: `Send a small text message, then a frame with reserved ${kind} opcode ${opcode}${i === 2 ? '' : ' and a non-empty payload'}, then a ping.`,
      rfc: [RFC.unknownOpcode],
      expectation: 'The text message is echoed, then the connection is failed with 1002 (protocol error); the ping is not answered. Failing before the echo is lenient.',
      actions: [{ type: 'frames', frames: [frame(Opcode.Text, HELLO), frame(opcode, i === 2 ? '' : payload), frame(Opcode.Ping)] }],
      expect: {
        ...failsWith(CloseCode.ProtocolError, [message(Opcode.Text, HELLO)]),
        lenient: [{ observations: [], why: 'the connection was failed before the valid first message was echoed' }],
      },
    };
  });
}

export const OPCODE_CASES = defineCases([...reservedOpcodeCases(1, [3, 4, 5, 6, 7]), ...reservedOpcodeCases(2, [11, 12, 13, 14, 15])]);
