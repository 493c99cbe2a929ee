// Category 10, auto-fragmentation, as Autobahn's 10.1.1: a message the
// client splits into frames of 1300 octets (RFC 6455 5.4), which the server
// must reassemble and echo.

import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, Opcode, answers, defineCases, message, repeated } from './build';

const PAYLOAD = repeated('*', 65536);

export const AUTOFRAGMENTATION_CASES = defineCases([
  {
    id: '10.1.1',
    description: 'Send a text message of 65536 octets, auto-fragmented into frames of 1300 octets (50 full frames and one of 536).',
    rfc: [RFC.fragmentedMessage],
    expectation: 'The message is echoed back whole, with the payload as sent. Clean close with normal code.',
    actions: [{ type: 'message', opcode: Opcode.Text, payload: PAYLOAD, fragmentSize: 1300 }, CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, PAYLOAD)),
  },
]);
