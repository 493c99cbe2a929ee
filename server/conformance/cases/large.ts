// Category 9, limits and performance, as Autobahn's 9.1–9.8: messages of
// growing size (up to 16 MiB, what the explorer's own server accepts by
// default), a 4 MiB message in fragments of growing size, a 1 MiB message
// written in chops of growing size, and 1000 small messages. Autobahn sends
// each of the 1000 after the echo of the one before, to time round trips;
// here they go back to back, which tests the same echoes without the clock.
// Run with --max-message N, a case whose message is larger expects 1009.

import type { CaseDefinition, DataOpcode } from '../case-model';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, Opcode, answers, bytes, defineCases, frame, message, repeated } from './build';

const KiB = 1024;
const MiB = 1024 * KiB;

function sizeName(size: number): string {
  return size >= MiB ? `${size / MiB} MiB` : size >= KiB ? `${size / KiB} KiB` : `${size} octets`;
}

function timeoutFor(size: number): number {
  return 10_000 + Math.ceil(size / MiB) * 2_000;
}

const TEXT_PATTERN = 'BAsd7&jh23';
const BINARY_PATTERN = bytes(0xfe);

function kindOf(opcode: DataOpcode): { kind: string; pattern: Uint8Array | string } {
  return opcode === Opcode.Text ? { kind: 'text', pattern: TEXT_PATTERN } : { kind: 'binary', pattern: BINARY_PATTERN };
}

function growingMessages(sub: 1 | 2, opcode: DataOpcode): CaseDefinition[] {
  const { kind, pattern } = kindOf(opcode);
  return [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB, 16 * MiB].map((size, i): CaseDefinition => ({
    id: `9.${sub}.${i + 1}`,
    description: `Send a ${kind} message with a payload of ${sizeName(size)}.`,
    rfc: [RFC.payloadLength, RFC.limits],
    expectation: `The ${kind} message is echoed back with the payload as sent. Clean close with normal code.`,
    timeoutMs: timeoutFor(size),
    script: () => {
      const payload = repeated(pattern, size);
      return { actions: [{ type: 'frames', frames: [frame(opcode, payload)] }, CLOSE_NORMALLY], expect: answers(message(opcode, payload)) };
    },
  }));
}

function fragmentedMessages(sub: 3 | 4, opcode: DataOpcode): CaseDefinition[] {
  const { kind } = kindOf(opcode);
  const payload = () => repeated(opcode === Opcode.Text ? '*' : BINARY_PATTERN, 4 * MiB);
  return [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB].map((fragmentSize, i): CaseDefinition => ({
    id: `9.${sub}.${i + 1}`,
    description: `Send a fragmented ${kind} message of 4 MiB, in fragments of ${sizeName(fragmentSize)}.`,
    rfc: [RFC.fragmentedMessage, RFC.limits],
    expectation: `The ${kind} message is echoed back whole. Clean close with normal code.`,
    timeoutMs: timeoutFor(4 * MiB),
    script: () => {
      const data = payload();
      return { actions: [{ type: 'message', opcode, payload: data, fragmentSize }, CLOSE_NORMALLY], expect: answers(message(opcode, data)) };
    },
  }));
}

function choppedMessages(sub: 5 | 6, opcode: DataOpcode): CaseDefinition[] {
  const { kind } = kindOf(opcode);
  const payload = () => repeated(opcode === Opcode.Text ? TEXT_PATTERN : bytes(0x00, 0xfe, 0x23, 0xfa, 0xf0), MiB);
  return [64, 128, 256, 512, 1024, 2048].map((chopSize, i): CaseDefinition => ({
    id: `9.${sub}.${i + 1}`,
    description: `Send a ${kind} message of 1 MiB in one frame, written to the socket in chops of ${chopSize} octets.`,
    rfc: [RFC.payloadLength, RFC.limits],
    expectation: `The ${kind} message is echoed back with the payload as sent. Clean close with normal code.`,
    timeoutMs: timeoutFor(MiB) + 10_000,
    script: () => {
      const data = payload();
      return { actions: [{ type: 'frames', frames: [frame(opcode, data)], chopSize }, CLOSE_NORMALLY], expect: answers(message(opcode, data)) };
    },
  }));
}

function manyMessages(sub: 7 | 8, opcode: DataOpcode): CaseDefinition[] {
  const { kind } = kindOf(opcode);
  return [0, 16, 64, 256, 1024, 4096].map((size, i): CaseDefinition => {
    const payload = () => repeated(opcode === Opcode.Text ? '*' : BINARY_PATTERN, size);
    return {
      id: `9.${sub}.${i + 1}`,
      description: `Send 1000 ${kind} messages with payloads of ${sizeName(size)}, back to back.`,
      rfc: [RFC.limits],
      expectation: `All 1000 ${kind} messages are echoed back, in order, with their payloads. Clean close with normal code.`,
      timeoutMs: 20_000,
      script: () => {
        const data = payload();
        return {
          actions: [{ type: 'frames', frames: Array.from({ length: 1000 }, () => frame(opcode, data)) }, CLOSE_NORMALLY],
          expect: answers(...Array.from({ length: 1000 }, () => message(opcode, data))),
        };
      },
    };
  });
}

export const LARGE_CASES = defineCases([
  ...growingMessages(1, Opcode.Text),
  ...growingMessages(2, Opcode.Binary),
  ...fragmentedMessages(3, Opcode.Text),
  ...fragmentedMessages(4, Opcode.Binary),
  ...choppedMessages(5, Opcode.Text),
  ...choppedMessages(6, Opcode.Binary),
  ...manyMessages(7, Opcode.Text),
  ...manyMessages(8, Opcode.Binary),
]);
