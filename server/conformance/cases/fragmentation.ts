// Category 5, fragmentation (RFC 6455 5.4), as Autobahn's 5.1–5.20. The
// delivery of a case's bytes changes how TCP carries them, never the bytes:
// in one write, frame by frame (each flushed before the next), or octet by
// octet. Autobahn's 1 s waits in 5.19 and 5.20 are 150 ms here.

import type { Action, CaseDefinition, FrameToSend } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, CloseCode, Opcode, answers, defineCases, failsWith, frame, message, pong } from './build';

type Delivery = 'one chop' | 'frame-wise' | 'octet-wise';

function send(list: FrameToSend[], delivery: Delivery = 'one chop'): Action {
  if (delivery === 'frame-wise') return { type: 'frames', frames: list, frameWise: true };
  if (delivery === 'octet-wise') return { type: 'frames', frames: list, chopSize: 1 };
  return { type: 'frames', frames: list };
}

const DELIVERY_WORDS: Record<Delivery, string> = {
  'one chop': 'sent in one chop',
  'frame-wise': 'sent in frame-wise chops',
  'octet-wise': 'sent in octet-wise chops',
};

const TWO_FRAGMENTS = [frame(Opcode.Text, 'fragment1', { fin: false }), frame(Opcode.Continuation, 'fragment2')];

function twoFragments(id: string, delivery: Delivery): CaseDefinition {
  return {
    id,
    description: `Send a text message fragmented into 2 fragments, ${DELIVERY_WORDS[delivery]}.`,
    rfc: [RFC.fragmentedMessage],
    expectation: 'The message is reassembled and echoed back. Clean close with normal code.',
    actions: [send(TWO_FRAGMENTS, delivery), CLOSE_NORMALLY],
    expect: answers(message(Opcode.Text, 'fragment1fragment2')),
  };
}

function pingBetweenFragments(id: string, delivery: Delivery): CaseDefinition {
  return {
    id,
    description: `Send a text message fragmented into 2 fragments with a ping ("ping payload") between them, ${DELIVERY_WORDS[delivery]}.`,
    rfc: [RFC.controlInsideMessage, RFC.ping],
    expectation: 'A pong, then the message echoed back. Clean close with normal code.',
    actions: [send([TWO_FRAGMENTS[0], frame(Opcode.Ping, 'ping payload'), TWO_FRAGMENTS[1]], delivery), CLOSE_NORMALLY],
    expect: answers(pong('ping payload'), message(Opcode.Text, 'fragment1fragment2')),
  };
}

function nothingToContinue(id: string, fin: boolean, delivery: Delivery): CaseDefinition {
  return {
    id,
    description: `Send a continuation frame with FIN = ${fin}, where there is nothing to continue, then an unfragmented text message, ${DELIVERY_WORDS[delivery]}.`,
    rfc: [RFC.fragmentedMessage],
    expectation: 'The connection is failed with 1002 (protocol error), since there is no message to continue.',
    actions: [send([frame(Opcode.Continuation, 'non-continuation payload', { fin }), frame(Opcode.Text, 'Hello, world!')], delivery)],
    expect: failsWith(CloseCode.ProtocolError),
  };
}

function repeatedNothingToContinue(id: string, fin: boolean): CaseDefinition {
  const once = [frame(Opcode.Continuation, 'fragment1', { fin }), frame(Opcode.Text, 'fragment2', { fin: false }), frame(Opcode.Continuation, 'fragment3')];
  return {
    id,
    description: `Repeated 2x: a continuation frame with FIN = ${fin} (where there is nothing to continue), then a text message fragmented into 2 fragments.`,
    rfc: [RFC.fragmentedMessage],
    expectation: 'The connection is failed with 1002 (protocol error) at the first frame, since there is no message to continue.',
    actions: [send([...once, ...once])],
    expect: failsWith(CloseCode.ProtocolError),
  };
}

function fiveFragmentsTwoPings(id: string, frameWise: boolean): CaseDefinition {
  const f = (n: number, fin = false) => frame(n === 1 ? Opcode.Text : Opcode.Continuation, `fragment${n}`, { fin });
  const delivery: Delivery = frameWise ? 'frame-wise' : 'one chop';
  return {
    id,
    description: `A text message in 5 fragments: the first 2, a ping ("pongme 1!"), a wait of 150 ms, 2 more fragments, another ping ("pongme 2!"), the last fragment${frameWise ? '; every frame flushed before the next' : ''}.`,
    rfc: [RFC.controlInsideMessage, RFC.pongPayload],
    expectation: 'Each ping is answered at once, before the message is complete; then the whole message is echoed. Clean close with normal code.',
    actions: [
      send([f(1), f(2), frame(Opcode.Ping, 'pongme 1!')], delivery),
      { type: 'pause', ms: 150 },
      send([f(3), f(4), frame(Opcode.Ping, 'pongme 2!'), f(5, true)], delivery),
      CLOSE_NORMALLY,
    ],
    expect: answers(pong('pongme 1!'), pong('pongme 2!'), message(Opcode.Text, 'fragment1fragment2fragment3fragment4fragment5')),
  };
}

export const FRAGMENTATION_CASES = defineCases([
  {
    id: '5.1',
    description: 'Send a ping fragmented into 2 fragments.',
    rfc: [RFC.controlFrames],
    expectation: 'The connection is failed with 1002 (protocol error), since control frames MUST NOT be fragmented.',
    actions: [send([frame(Opcode.Ping, 'fragment1', { fin: false }), frame(Opcode.Continuation, 'fragment2')])],
    expect: failsWith(CloseCode.ProtocolError),
  },
  {
    id: '5.2',
    description: 'Send a pong fragmented into 2 fragments.',
    rfc: [RFC.controlFrames],
    expectation: 'The connection is failed with 1002 (protocol error), since control frames MUST NOT be fragmented.',
    actions: [send([frame(Opcode.Pong, 'fragment1', { fin: false }), frame(Opcode.Continuation, 'fragment2')])],
    expect: failsWith(CloseCode.ProtocolError),
  },
  twoFragments('5.3', 'one chop'),
  twoFragments('5.4', 'frame-wise'),
  twoFragments('5.5', 'octet-wise'),
  pingBetweenFragments('5.6', 'one chop'),
  pingBetweenFragments('5.7', 'frame-wise'),
  pingBetweenFragments('5.8', 'octet-wise'),
  nothingToContinue('5.9', true, 'one chop'),
  nothingToContinue('5.10', true, 'frame-wise'),
  nothingToContinue('5.11', true, 'octet-wise'),
  nothingToContinue('5.12', false, 'one chop'),
  nothingToContinue('5.13', false, 'frame-wise'),
  nothingToContinue('5.14', false, 'octet-wise'),
  {
    id: '5.15',
    description: 'Send a text message fragmented into 2 fragments, then a continuation frame with FIN = false where there is nothing to continue, then an unfragmented text message, all sent in one chop.',
    rfc: [RFC.fragmentedMessage, RFC.noInterleaving],
    expectation: 'The first message is echoed, then the connection is failed with 1002 (protocol error). Failing before the echo is lenient.',
    actions: [send([...TWO_FRAGMENTS, frame(Opcode.Continuation, 'fragment3', { fin: false }), frame(Opcode.Text, 'fragment4')])],
    expect: {
      ...failsWith(CloseCode.ProtocolError, [message(Opcode.Text, 'fragment1fragment2')]),
      lenient: [{ observations: [], why: 'the connection was failed before the valid first message was echoed' }],
    },
  },
  repeatedNothingToContinue('5.16', false),
  repeatedNothingToContinue('5.17', true),
  {
    id: '5.18',
    description: 'Send a text message fragmented into 2 fragments, with both frame opcodes set to text, sent in one chop.',
    rfc: [RFC.fragmentedMessage],
    expectation: 'The connection is failed with 1002 (protocol error), since every data frame after the first of a message must have opcode 0.',
    actions: [send([frame(Opcode.Text, 'fragment1', { fin: false }), frame(Opcode.Text, 'fragment2')])],
    expect: failsWith(CloseCode.ProtocolError),
  },
  fiveFragmentsTwoPings('5.19', false),
  fiveFragmentsTwoPings('5.20', true),
]);
