// The live blocks a lesson's Markdown carries, as fenced code blocks whose
// info string names the widget: ```frame, ```exercise, ```handshake,
// ```accept, ```builder, ```simulation, ```demo, ```close-code and
// ```notes. Their bodies are "key: value" lines (a handshake's request
// follows a "request:" line as it is). lessons/README.md documents them for
// authors; this module reads them, and check-lesson-block.ts holds every one
// against the engine, so a lesson cannot teach something false.

import type { Direction } from '../../../../engine/frame-model';

export const BLOCK_TYPES = ['frame', 'exercise', 'handshake', 'accept', 'builder', 'simulation', 'demo', 'close-code', 'notes'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/**
 * Facts about a decoded frame a block may state or ask: "expect opcode: ping", "ask: opcode".
 * All but two are the first frame's; "frames" and "messages" are the whole hex's.
 */
export const FRAME_FACTS = ['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'masked', 'payload length', 'masking key', 'text', 'close code', 'close reason', 'problems', 'fails with', 'frames', 'messages'] as const;
export type FrameFact = (typeof FRAME_FACTS)[number];

/**
 * How a frame or exercise block's bytes are read: which side sent them, and
 * what the handshake agreed (permessage-deflate, RFC 7692) and the receiver
 * allows (a message limit), as the decoder's own switches set them.
 */
export interface FrameReading {
  from: Direction | undefined;
  /** permessage-deflate was agreed for this sender ("deflate: yes"), with or without context takeover. */
  deflate?: 'context takeover' | 'no context takeover';
  /** The receiver's largest message, in bytes ("max message: 1024"); over it, 1009. */
  maxMessage?: number;
}

/** The explorer's live demos a lesson may open (gorilla/websocket's examples). */
export const DEMO_ENDPOINTS = ['echo', 'chat', 'filewatch', 'many', 'command'] as const;

export type LessonBlock =
  | ({ type: 'frame'; hex: string; expect: Partial<Record<FrameFact, string>> } & FrameReading)
  | ({ type: 'exercise'; question: string; hex: string; ask: FrameFact; answer: string; choices: string[] } & FrameReading)
  | { type: 'handshake'; request: string; anyOrigin: boolean; deflate: boolean; expect: { status?: string; accept?: string; failing?: string; extensions?: string } }
  | { type: 'accept'; key: string; expect: { accept?: string; valid?: string } }
  | { type: 'builder'; settings: Record<string, string>; expectHex: string | undefined }
  | { type: 'simulation'; scenario: string; expect: { client?: string; server?: string } }
  | { type: 'demo'; endpoint: string }
  | { type: 'close-code'; code: string; expect: { name?: string; sendable?: string; sender?: string } }
  | { type: 'notes'; text: string };

/** A block the author got wrong: what and where, in the lesson's words. */
export class LessonBlockError extends Error {}

export function isBlockType(info: string): info is BlockType {
  return (BLOCK_TYPES as readonly string[]).includes(info);
}

/** Reads one fenced block's body. Throws LessonBlockError naming the line at fault. */
export function parseLessonBlock(type: BlockType, body: string): LessonBlock {
  if (type === 'notes') return { type, text: body.trim() };
  const { fields, rest } = readFields(body, type === 'handshake' ? 'request' : null);
  const take = (key: string, required = true): string | undefined => {
    const value = fields.get(key);
    fields.delete(key);
    if (required && value === undefined) throw new LessonBlockError(`a ${type} block needs "${key}:"`);
    return value;
  };
  const expectations = (allowed: readonly string[]): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const [key, value] of [...fields]) {
      if (!key.startsWith('expect ')) continue;
      const fact = key.slice('expect '.length);
      if (!allowed.includes(fact)) throw new LessonBlockError(`a ${type} block cannot expect "${fact}"; it can expect ${allowed.join(', ')}`);
      found[fact] = value;
      fields.delete(key);
    }
    return found;
  };
  let block: LessonBlock;
  switch (type) {
    case 'frame':
      block = { type, hex: take('hex')!, ...frameReading(take), expect: expectations(FRAME_FACTS) };
      break;
    case 'exercise': {
      const ask = take('ask')!;
      if (!(FRAME_FACTS as readonly string[]).includes(ask)) throw new LessonBlockError(`an exercise can ask ${FRAME_FACTS.join(', ')}, not "${ask}"`);
      const choices = (take('choices', false) ?? '').split(',').map((c) => c.trim()).filter(Boolean);
      block = { type, question: take('question')!, hex: take('hex')!, ...frameReading(take), ask: ask as FrameFact, answer: take('answer')!, choices };
      break;
    }
    case 'handshake':
      if (!rest) throw new LessonBlockError('a handshake block ends with "request:" and the request\'s lines');
      block = { type, request: rest, anyOrigin: take('origin', false) === 'any', deflate: yesOrNo(take('deflate', false), 'deflate') ?? false, expect: expectations(['status', 'accept', 'failing', 'extensions']) };
      break;
    case 'accept':
      block = { type, key: take('key')!, expect: expectations(['accept', 'valid']) };
      break;
    case 'builder': {
      const expectHex = fields.get('expect hex');
      fields.delete('expect hex');
      block = { type, settings: Object.fromEntries(fields), expectHex };
      fields.clear();
      break;
    }
    case 'simulation':
      block = { type, scenario: take('scenario')!, expect: expectations(['client', 'server']) };
      break;
    case 'demo':
      block = { type, endpoint: take('endpoint')! };
      break;
    case 'close-code':
      block = { type, code: take('code')!, expect: expectations(['name', 'sendable', 'sender']) };
      break;
  }
  const unknown = [...fields.keys()];
  if (unknown.length > 0) throw new LessonBlockError(`a ${type} block has no "${unknown[0]}:"`);
  return block;
}

/** "key: value" lines; with `restKey`, the line "restKey:" ends them and everything after it is kept as it is. */
function readFields(body: string, restKey: string | null): { fields: Map<string, string>; rest: string | null } {
  const fields = new Map<string, string>();
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (restKey && line.trim() === `${restKey}:`) return { fields, rest: lines.slice(i + 1).join('\n').replace(/\n+$/, '') };
    const colon = line.indexOf(':');
    if (colon < 1) throw new LessonBlockError(`line ${i + 1} ("${line.trim()}") is not "key: value"`);
    const key = line.slice(0, colon).trim().toLowerCase();
    if (fields.has(key)) throw new LessonBlockError(`"${key}:" is given twice`);
    fields.set(key, line.slice(colon + 1).trim());
  }
  return { fields, rest: null };
}

/** "from:", "deflate:" and "max message:", the keys that say how a frame's bytes are read. */
function frameReading(take: (key: string, required?: boolean) => string | undefined): FrameReading {
  const reading: FrameReading = { from: direction(take('from', false)) };
  const deflate = take('deflate', false);
  if (deflate !== undefined) {
    if (deflate !== 'yes' && deflate !== 'no context takeover' && deflate !== 'no') {
      throw new LessonBlockError(`"deflate:" is yes, no context takeover or no, not "${deflate}"`);
    }
    if (deflate !== 'no') reading.deflate = deflate === 'yes' ? 'context takeover' : 'no context takeover';
  }
  const maxMessage = take('max message', false);
  if (maxMessage !== undefined) {
    if (!/^[0-9]+$/.test(maxMessage)) throw new LessonBlockError(`"max message:" is a number of bytes, not "${maxMessage}"`);
    reading.maxMessage = Number(maxMessage);
  }
  return reading;
}

function yesOrNo(value: string | undefined, key: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'yes' && value !== 'no') throw new LessonBlockError(`"${key}:" is yes or no, not "${value}"`);
  return value === 'yes';
}

function direction(value: string | undefined): Direction | undefined {
  if (value === undefined || value === 'unknown') return undefined;
  if (value === 'client' || value === 'server') return value;
  throw new LessonBlockError(`"from:" is client, server or unknown, not "${value}"`);
}

/**
 * What a block says that must not depend on the language it is written in:
 * both translations of a lesson carry the same blocks with the same facts.
 */
export function languageNeutral(block: LessonBlock): unknown {
  switch (block.type) {
    case 'exercise': {
      const { question: _question, ...facts } = block;
      return facts;
    }
    case 'notes':
      return { type: 'notes' };
    default:
      return block;
  }
}
