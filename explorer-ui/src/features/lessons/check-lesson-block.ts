// Holds a lesson's block against the engine: a frame decodes to what the
// lesson says, an exercise's answer is the engine's, a handshake gets the
// status and accept value it claims, a builder preset builds the bytes it
// shows, a scenario exists and ends as stated. A test runs this on every
// block of every lesson in every language.

import { deriveAcceptKey } from '../../../../engine/accept-key';
import { closeCodeInfo } from '../../../../engine/close';
import { negotiateDeflate } from '../../../../engine/deflate-negotiation';
import { decodeFrames } from '../../../../engine/frame';
import type { DecodedFrame, DecodeOptions, DecodeResult } from '../../../../engine/frame-model';
import { evaluateUpgrade } from '../../../../engine/handshake';
import { bytesToHex, parseHex } from '../../../../engine/hex';
import { parseRequestHead } from '../../../../engine/http-message';
import { opcodeInfo } from '../../../../engine/opcode';
import { Simulation } from '../../../../engine/simulation';
import { scenarioById } from '../../../../engine/simulation-scenarios';
import { buildFrame } from '../builder/build-frame';
import { DEFAULT_BUILDER, type BuilderSettings } from '../../store/builder-slice';
import { DEMO_ENDPOINTS, type FrameFact, type FrameReading, type LessonBlock } from './lesson-blocks';

/** What is wrong with the block, in words; empty when the engine agrees with every word of it. */
export function checkLessonBlock(block: LessonBlock): string[] {
  switch (block.type) {
    case 'frame': {
      const decoded = decodeLessonHex(block.hex, block);
      if (typeof decoded === 'string') return [decoded];
      return Object.entries(block.expect).flatMap(([fact, stated]) => compare(fact, stated, frameFact(decoded, fact as FrameFact)));
    }
    case 'exercise': {
      const decoded = decodeLessonHex(block.hex, block);
      if (typeof decoded === 'string') return [decoded];
      const problems = compare(`the answer to "${block.ask}"`, block.answer, frameFact(decoded, block.ask));
      if (block.choices.length > 0 && !block.choices.some((c) => sameAnswer(c, block.answer))) problems.push(`the answer "${block.answer}" is not among the choices`);
      return problems;
    }
    case 'handshake':
      return checkHandshake(block);
    case 'accept': {
      const derivation = deriveAcceptKey(block.key);
      return [
        ...(block.expect.accept !== undefined ? compare('accept', block.expect.accept, derivation.accept) : []),
        ...(block.expect.valid !== undefined ? compare('valid', block.expect.valid, derivation.keyValid ? 'yes' : 'no') : []),
      ];
    }
    case 'builder': {
      const settings = builderSettings(block.settings);
      if (typeof settings === 'string') return [settings];
      const built = buildFrame(settings);
      if (!built.ok) return [`the builder refuses these settings: ${built.problem}`];
      if (block.expectHex === undefined) return [];
      const expected = parseHex(block.expectHex);
      if (!expected.ok) return [`expect hex: ${expected.error.message}`];
      return compare('hex', bytesToHex(expected.bytes), bytesToHex(built.bytes));
    }
    case 'simulation': {
      const scenario = scenarioById(block.scenario);
      if (!scenario) return [`there is no simulation scenario "${block.scenario}"`];
      const simulation = new Simulation(scenario.options);
      simulation.apply({ op: 'deliver-all' });
      if (scenario.expected.advanceMs) {
        simulation.apply({ op: 'advance', ms: scenario.expected.advanceMs });
        simulation.apply({ op: 'deliver-all' });
      }
      return (['client', 'server'] as const).flatMap((side) => {
        const stated = block.expect[side];
        if (stated === undefined) return [];
        const view = simulation.view(side);
        return compare(`the ${side}'s ending`, stated, view.closeCode === null ? view.state.toLowerCase() : String(view.closeCode));
      });
    }
    case 'demo':
      return (DEMO_ENDPOINTS as readonly string[]).includes(block.endpoint) ? [] : [`there is no demo "${block.endpoint}"; there are ${DEMO_ENDPOINTS.join(', ')}`];
    case 'close-code': {
      const code = Number(block.code);
      if (!Number.isInteger(code)) return [`"${block.code}" is not a close code`];
      const info = closeCodeInfo(code);
      return [
        ...(block.expect.name !== undefined ? compare('name', block.expect.name, info.name) : []),
        ...(block.expect.sendable !== undefined ? compare('sendable', block.expect.sendable, info.validOnWire ? 'yes' : 'no') : []),
        ...(block.expect.sender !== undefined ? compare('sender', block.expect.sender, info.sender) : []),
      ];
    }
    case 'notes':
      return [];
  }
}

/**
 * The lesson's hex decoded as the decoder would with the block's switches
 * (sender, permessage-deflate, message limit), with its first frame (whole
 * or cut short), or what is wrong with the hex.
 */
export function decodeLessonHex(hex: string, reading: FrameReading): DecodedLessonHex | string {
  const parsed = parseHex(hex);
  if (!parsed.ok) return `hex: ${parsed.error.message}`;
  const result = decodeFrames(parsed.bytes, decodeOptions(reading));
  const frame = result.frames[0] ?? result.remainder?.frame;
  return frame ? { bytes: parsed.bytes, result, frame } : 'the hex holds no frame';
}

/** A block's switches as the engine's decode options. */
export function decodeOptions({ from, deflate, maxMessage }: FrameReading): DecodeOptions {
  return {
    from,
    ...(deflate ? { deflate: { noContextTakeover: deflate === 'no context takeover' } } : {}),
    ...(maxMessage !== undefined ? { maxMessageSize: maxMessage } : {}),
  };
}

export interface DecodedLessonHex {
  bytes: Uint8Array;
  result: DecodeResult;
  frame: DecodedFrame;
}

/** A fact of the first frame (and of the whole input, for "frames"), as a lesson would write it. */
export function frameFact({ result, frame }: { result: DecodeResult; frame: DecodedFrame }, fact: FrameFact): string {
  const bit = (value: boolean | null) => (value === null ? 'unknown' : value ? '1' : '0');
  switch (fact) {
    case 'fin':
      return bit(frame.fin);
    case 'rsv1':
      return bit(frame.rsv1);
    case 'rsv2':
      return bit(frame.rsv2);
    case 'rsv3':
      return bit(frame.rsv3);
    case 'opcode':
      return opcodeInfo(frame.opcode).name;
    case 'masked':
      return bit(frame.masked);
    case 'payload length':
      return frame.payloadLength === null ? 'unknown' : String(frame.payloadLength);
    case 'masking key':
      return frame.maskingKey ? bytesToHex(frame.maskingKey) : 'none';
    case 'text':
      return frame.truncated ? 'none' : (frame.text ?? 'none');
    case 'close code':
      return frame.truncated || !frame.close || frame.close.code === null ? 'none' : String(frame.close.code);
    case 'close reason':
      return frame.truncated || !frame.close ? 'none' : frame.close.reason;
    case 'problems':
      return frame.problems.length ? frame.problems.map((p) => p.kind).join(', ') : 'none';
    case 'fails with':
      return frame.problems[0] ? String(frame.problems[0].closeCode) : 'none';
    case 'frames':
      return String(result.frames.length);
    case 'messages':
      return messagesFact(result);
  }
}

/**
 * The whole messages the hex holds, as a receiver's ReadMessage returns
 * them (inflated, with permessage-deflate), comma separated: a text
 * message's text, else "N bytes" ("not inflated" when inflating failed).
 */
function messagesFact(result: DecodeResult): string {
  const whole = result.messages.filter((message) => message.complete);
  if (whole.length === 0) return 'none';
  return whole
    .map((message) => {
      if (message.text !== null) return message.text;
      const compressedButNotInflated = message.compression === null && result.frames[message.frameIndexes[0]]?.rsv1;
      return compressedButNotInflated ? 'not inflated' : `${message.payload.length} bytes`;
    })
    .join(', ');
}

function checkHandshake(block: Extract<LessonBlock, { type: 'handshake' }>): string[] {
  const head = new TextEncoder().encode(`${block.request.split('\n').map((line) => line.replace(/\r$/, '')).join('\r\n')}\r\n\r\n`);
  const parsed = parseRequestHead(head);
  if (parsed.state !== 'complete') return [`the request does not parse: ${parsed.state === 'error' ? parsed.message : 'incomplete'}`];
  // As the handshake stepper's simulated server does with its compression switch on.
  const verdict = evaluateUpgrade(parsed.message, {
    ...(block.anyOrigin ? { checkOrigin: () => true } : {}),
    ...(block.deflate ? { acceptExtensions: (offers) => negotiateDeflate(offers).response } : {}),
  });
  const status = verdict.accepted ? '101' : String(verdict.status);
  const problems: string[] = [];
  if (block.expect.status !== undefined) problems.push(...compare('status', block.expect.status, status));
  if (block.expect.accept !== undefined) problems.push(...compare('accept', block.expect.accept, verdict.derivation?.accept ?? 'none'));
  if (block.expect.failing !== undefined) problems.push(...compare('failing check', block.expect.failing, verdict.checks.find((c) => !c.passed)?.id ?? 'none'));
  if (block.expect.extensions !== undefined) problems.push(...compare('extensions', block.expect.extensions, (verdict.accepted ? verdict.extensions : null) ?? 'none'));
  return problems;
}

const OPCODES_BY_NAME: Record<string, number> = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

/** A builder preset's words as the builder's settings. */
export function builderSettings(preset: Record<string, string>): BuilderSettings | string {
  const settings: BuilderSettings = { ...DEFAULT_BUILDER, masked: false };
  for (const [key, value] of Object.entries(preset)) {
    switch (key) {
      case 'opcode': {
        const opcode = OPCODES_BY_NAME[value] ?? (/^(0x)?[0-9a-f]+$/i.test(value) ? Number(value.startsWith('0x') ? value : Number(value)) : NaN);
        if (!(opcode >= 0 && opcode <= 15)) return `opcode "${value}" is neither a name nor 0–15`;
        settings.opcode = opcode;
        break;
      }
      case 'fin':
      case 'rsv1':
      case 'rsv2':
      case 'rsv3':
        settings[key] = value === '1';
        break;
      case 'mask':
        settings.masked = value !== 'none';
        settings.maskingKeyHex = value === 'none' ? settings.maskingKeyHex : value;
        break;
      case 'payload':
        settings.payloadMode = 'text';
        settings.payloadText = value;
        break;
      case 'payload hex':
        settings.payloadMode = 'hex';
        settings.payloadHex = value;
        break;
      case 'length':
        if (value !== 'shortest' && value !== '16' && value !== '64') return `length is shortest, 16 or 64, not "${value}"`;
        settings.lengthEncoding = value;
        break;
      case 'allow invalid':
        settings.allowInvalid = value === 'yes';
        break;
      case 'compress':
        settings.compress = value === 'yes';
        break;
      default:
        return `a builder block has no "${key}:"`;
    }
  }
  return settings;
}

function compare(what: string, stated: string, actual: string): string[] {
  return sameAnswer(stated, actual) ? [] : [`${what}: the lesson says "${stated}", the engine says "${actual}"`];
}

/** Case and spacing do not matter ("37 FA 21 3D" is "37fa213d"); words do. The player judges a class's answer by it too. */
export function sameAnswer(a: string, b: string): boolean {
  const norm = (s: string) => (/^([0-9a-f]{2}\s*)+$/i.test(s.trim()) ? s.replace(/\s+/g, '').toLowerCase() : s.trim().toLowerCase());
  return norm(a) === norm(b);
}
