// Category 6, UTF-8 handling (RFC 6455 5.6, 8.1), as Autobahn's 6.1–6.23:
// empty fragments, valid text cut inside code points, invalid text whole and
// in 1-octet fragments, failing fast (6.4: at the first bad byte, before the
// message is complete), and the stress test's sequences (6.5–6.23).
//
// Autobahn waits 1 s at each fail-fast checkpoint; here the first wait, which
// a valid prefix must live through, is 200 ms, and the second, which a
// fail-fast server ends at once, at most 500 ms.

import type { Action, CaseDefinition, Expectation } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, Opcode, answers, checkpoint, defineCases, failsWithInvalidPayload, frame, frames, hex, hexBytes, message, utf8 } from './build';
import { KOSME, UTF8_GROUPS } from './utf8-sequences';

const HELLO_UTF8 = 'Hello-µ@ßöäüàá-UTF-8!!';
/** κόσμε, then U+D800 (a surrogate: invalid exactly on its second byte, a0), then "edited". */
const KOSME_SURROGATE_EDITED = hexBytes('cebae1bdb9cf83cebcceb5 eda080 656469746564');
/** 6.4.1's parts: κόσμε; f4 90 80 80 (U+110000, out of range: invalid on 90); "edited". */
const FAIL_FAST_PARTS = [KOSME, hexBytes('f4908080'), hexBytes('656469746564')];
const FAIL_FAST_PAYLOAD = Uint8Array.from([...FAIL_FAST_PARTS[0], ...FAIL_FAST_PARTS[1], ...FAIL_FAST_PARTS[2]]);

const CHECKPOINT_A: Action = { type: 'checkpoint', label: 'A', ms: 200 };
const CHECKPOINT_B: Action = { type: 'checkpoint', label: 'B', ms: 500 };

const FAIL_FAST: Expectation = {
  ...failsWithInvalidPayload([checkpoint('A')]),
  lenient: [{ observations: [checkpoint('A'), checkpoint('B')], why: 'the connection was failed only after the rest of the message, not at the first invalid byte (fail fast, 8.1)' }],
};

function failFastInFrames(id: string, parts: Uint8Array[], how: string): CaseDefinition {
  return {
    id,
    description: `Send invalid UTF-8 text in 3 frames: a valid first frame, a wait, the frame that makes the text invalid (${how}), a wait, then the rest. Parts: ${parts.map(hex).join(' | ')}.`,
    rfc: [RFC.invalidUtf8, RFC.code1007],
    expectation: 'The first frame is accepted (the connection lives through wait A); the second is rejected at once with 1007 (fail fast). Failing only after the third frame is lenient.',
    actions: [
      frames(frame(Opcode.Text, parts[0], { fin: false })),
      CHECKPOINT_A,
      frames(frame(Opcode.Continuation, parts[1], { fin: false })),
      CHECKPOINT_B,
      frames(frame(Opcode.Continuation, parts[2])),
    ],
    expect: FAIL_FAST,
  };
}

function failFastInChops(id: string, cuts: number[], how: string): CaseDefinition {
  return {
    id,
    description: `Send one text frame of invalid UTF-8 in 3 chops of its bytes: header and a valid start, a wait, the bytes that make it invalid (${how}), a wait, then the rest. Payload: ${hex(FAIL_FAST_PAYLOAD)}, cut after octets ${cuts.join(' and ')}.`,
    rfc: [RFC.invalidUtf8, RFC.code1007],
    expectation: 'The first chop is accepted (wait A passes); the second is rejected at once with 1007, though the frame is not complete (fail fast). Failing only after the third chop is lenient.',
    actions: [{ type: 'frame-in-parts', frame: frame(Opcode.Text, FAIL_FAST_PAYLOAD), payloadCuts: cuts, between: [CHECKPOINT_A, CHECKPOINT_B] }],
    expect: FAIL_FAST,
  };
}

function sequenceCases(): CaseDefinition[] {
  return UTF8_GROUPS.flatMap((group, g) =>
    group.sequences.map((sequence, s): CaseDefinition => ({
      id: `6.${g + 5}.${s + 1}`,
      description: `${group.title}: send a text message whose payload is ${sequence.valid ? 'valid' : 'not valid'} UTF-8, in one fragment. Payload: 0x${hex(sequence.bytes)}.`,
      rfc: sequence.valid ? [RFC.textFrames] : [RFC.invalidUtf8, RFC.code1007],
      expectation: sequence.valid
        ? 'The message is echoed back. Clean close with normal code.'
        : 'The connection is failed with 1007, since the payload is not valid UTF-8 (1002 is lenient).',
      actions: sequence.valid ? [frames(frame(Opcode.Text, sequence.bytes)), CLOSE_NORMALLY] : [frames(frame(Opcode.Text, sequence.bytes))],
      expect: sequence.valid ? answers(message(Opcode.Text, sequence.bytes)) : failsWithInvalidPayload(),
    })),
  );
}

export const UTF8_CASES = defineCases([
  {
    id: '6.1.1',
    description: 'Send a text message of length 0.',
    rfc: [RFC.textFrames],
    expectation: 'An empty text message is echoed back. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text)), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, '')),
  },
  {
    id: '6.1.2',
    description: 'Send a fragmented text message, 3 fragments each of length 0.',
    rfc: [RFC.fragmentedMessage],
    expectation: 'An empty text message is echoed back. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, '', { fin: false }), frame(Opcode.Continuation, '', { fin: false }), frame(Opcode.Continuation)), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, '')),
  },
  {
    id: '6.1.3',
    description: 'Send a fragmented text message, 3 fragments, the first and last of length 0, the middle one "middle frame payload".',
    rfc: [RFC.fragmentedMessage],
    expectation: 'The middle fragment\'s payload is echoed back as one text message. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, '', { fin: false }), frame(Opcode.Continuation, 'middle frame payload', { fin: false }), frame(Opcode.Continuation)), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, 'middle frame payload')),
  },
  {
    id: '6.2.1',
    description: `Send a valid UTF-8 text message in one fragment: "${HELLO_UTF8}".`,
    rfc: [RFC.textFrames],
    expectation: 'The message is echoed back. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, HELLO_UTF8)), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, HELLO_UTF8)),
  },
  {
    id: '6.2.2',
    description: 'Send a valid UTF-8 text message in two fragments, cut on a code point boundary: "Hello-µ@ßöä" and "üàá-UTF-8!!".',
    rfc: [RFC.partialUtf8],
    expectation: 'The message is echoed back whole. Clean close with normal code.',
    actions: [frames(frame(Opcode.Text, 'Hello-µ@ßöä', { fin: false }), frame(Opcode.Continuation, 'üàá-UTF-8!!')), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, HELLO_UTF8)),
  },
  {
    id: '6.2.3',
    description: `Send a valid UTF-8 text message in fragments of 1 octet, so frames end inside code points: "${HELLO_UTF8}".`,
    rfc: [RFC.partialUtf8],
    expectation: 'The message is echoed back whole. Clean close with normal code.',
    actions: [{ type: 'message', opcode: Opcode.Text, payload: utf8(HELLO_UTF8), fragmentSize: 1 }, CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, HELLO_UTF8)),
  },
  {
    id: '6.2.4',
    description: `Send "κόσμε" (0x${hex(KOSME)}) in fragments of 1 octet, so frames end inside code points.`,
    rfc: [RFC.partialUtf8],
    expectation: 'The message is echoed back whole. Clean close with normal code.',
    actions: [{ type: 'message', opcode: Opcode.Text, payload: KOSME, fragmentSize: 1 }, CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, KOSME)),
  },
  {
    id: '6.3.1',
    description: `Send invalid UTF-8 text unfragmented: 0x${hex(KOSME_SURROGATE_EDITED)} (a UTF-16 surrogate after κόσμε).`,
    rfc: [RFC.invalidUtf8, RFC.code1007],
    expectation: 'The connection is failed with 1007, since the payload is not valid UTF-8 (1002 is lenient).',
    actions: [frames(frame(Opcode.Text, KOSME_SURROGATE_EDITED))],
    expect: failsWithInvalidPayload(),
  },
  {
    id: '6.3.2',
    description: `Send the same invalid UTF-8 text in fragments of 1 octet: 0x${hex(KOSME_SURROGATE_EDITED)}.`,
    rfc: [RFC.invalidUtf8, RFC.code1007],
    expectation: 'The connection is failed with 1007 (1002 is lenient).',
    actions: [{ type: 'message', opcode: Opcode.Text, payload: KOSME_SURROGATE_EDITED, fragmentSize: 1 }],
    expect: failsWithInvalidPayload(),
  },
  failFastInFrames('6.4.1', FAIL_FAST_PARTS, 'f4 90 80 80, U+110000, beyond Unicode'),
  failFastInFrames('6.4.2', [FAIL_FAST_PAYLOAD.slice(0, 12), FAIL_FAST_PAYLOAD.slice(12, 13), FAIL_FAST_PAYLOAD.slice(13)], 'only the octet 90 that makes f4 invalid'),
  failFastInChops('6.4.3', [11, 15], 'f4 90 80 80'),
  failFastInChops('6.4.4', [12, 13], 'the octet 90'),
  ...sequenceCases(),
]);
