// explorer-ui/src/i18n/engine-wording.ts: the engine's English put into
// Chinese by the engine's ids. Every close code of the registry, every rule
// of the rulebook and every handshake check has its Chinese; every sentence
// the engine writes for them is recognised, so its Chinese carries the same
// values (offsets, lengths, codes, bytes); and English is the engine's own,
// untouched.

import { describe, expect, it } from 'vitest';
import { CLOSE_CODE_RANGES, REGISTERED_CLOSE_CODES, closeCodeInfo } from '../../engine/close';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import type { DecodeOptions } from '../../engine/frame-model';
import { HEADER_RULES, inflatedTooBigProblem } from '../../engine/frame-rules';
import { parseHex } from '../../engine/hex';
import { parseRequestHead, parseResponseHead } from '../../engine/http-message';
import { Opcode } from '../../engine/opcode';
import { problemAt, type Note, type Problem } from '../../engine/problem';
import { DEFAULT_SAMPLE_SERVER, findSample, handshakeSamples } from '../../engine/handshake-samples';
import type { HandshakeCheck } from '../../engine/handshake';
import { walkClientHandshake } from '../../explorer-ui/src/features/handshake/client-walkthrough';
import { walkServerHandshake } from '../../explorer-ui/src/features/handshake/server-walkthrough';
import { buildFrame } from '../../explorer-ui/src/features/builder/build-frame';
import { i18n } from '../../explorer-ui/src/i18n';
import { DEFAULT_BUILDER, type BuilderSettings } from '../../explorer-ui/src/store/builder-slice';
import { engineWording } from '../../explorer-ui/src/i18n/engine-wording';

const zh = engineWording(i18n.getFixedT('zh'));
const en = engineWording(i18n.getFixedT('en'));

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const hex = (text: string) => {
  const parsed = parseHex(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.bytes;
};
const masked = (opcode: number, payload: Uint8Array, fin = true) => encodeFrame({ opcode, payload, maskingKey: KEY, fin }, { allowInvalid: true });
const text = (s: string) => new TextEncoder().encode(s);
const CJK = /[\u4e00-\u9fff]/;

/** Every problem and note the decoder reports for these bytes. */
function reported(bytes: Uint8Array, options: DecodeOptions = {}): (Problem | Note)[] {
  const result = decodeFrames(bytes, options);
  const frames = result.remainder ? [...result.frames, result.remainder.frame] : result.frames;
  return frames.flatMap((frame) => [...frame.problems, ...frame.notes]);
}

/** Bytes that break each rule, and the values its message must carry in any language. */
const SAMPLES: { kind: string; bytes: Uint8Array; options?: DecodeOptions; values: string[] }[] = [
  { kind: 'rsv-without-extension', bytes: hex('a1 80 37 fa 21 3d'), values: ['RSV2'] },
  { kind: 'reserved-opcode', bytes: masked(0xb, new Uint8Array(0)), values: ['0xb'] },
  { kind: 'fragmented-control-frame', bytes: masked(Opcode.Ping, text('hi'), false), values: ['ping', 'FIN'] },
  { kind: 'continuation-without-message', bytes: masked(Opcode.Continuation, text('lo')), values: [] },
  { kind: 'compressed-control-frame', bytes: hex('c9 00'), options: { deflate: {} }, values: ['ping', 'RSV1'] },
  { kind: 'compressed-continuation', bytes: hex('41 01 00 c0 01 00'), options: { deflate: {} }, values: ['RSV1'] },
  { kind: 'data-frame-inside-message', bytes: new Uint8Array([...masked(Opcode.Text, text('Hel'), false), ...masked(Opcode.Binary, text('lo'))]), values: ['binary', 'text'] },
  { kind: 'unmasked-client-frame', bytes: hex('81 05 48 65 6c 6c 6f'), options: { from: 'client' }, values: ['MASK', '0'] },
  { kind: 'masked-server-frame', bytes: hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), options: { from: 'server' }, values: ['MASK', '1'] },
  { kind: 'control-frame-too-long', bytes: masked(Opcode.Ping, new Uint8Array(126)), values: ['ping', '125', '126', '16'] },
  { kind: 'length-most-significant-bit', bytes: hex('82 ff 80 00 00 00 00 00 00 05'), values: ['64'] },
  { kind: 'length-beyond-2-53', bytes: hex('82 7f 00 20 00 00 00 00 00 00'), values: ['2^53'] },
  { kind: 'non-minimal-length', bytes: encodeFrame({ opcode: Opcode.Binary, payload: new Uint8Array(300), maskingKey: KEY }, { lengthEncoding: '64' }), values: ['300', '16', '64'] },
  { kind: 'close-payload-one-byte', bytes: masked(Opcode.Close, hex('03')), values: ['1', '2'] },
  { kind: 'frame-too-big', bytes: masked(Opcode.Binary, new Uint8Array(300)), options: { maxFrameSize: 256 }, values: ['300', '256'] },
  { kind: 'message-too-big', bytes: new Uint8Array([...masked(Opcode.Text, text('Hello'), false), ...masked(Opcode.Continuation, text('World'))]), options: { maxMessageSize: 8 }, values: ['10', '8'] },
  { kind: 'close-code-not-sendable', bytes: masked(Opcode.Close, Uint8Array.of(0x03, 0xee)), values: ['1006'] },
  { kind: 'invalid-close-reason', bytes: masked(Opcode.Close, hex('03 e8 41 c0 af')), values: ['0xc0'] },
  { kind: 'invalid-utf8', bytes: masked(Opcode.Text, hex('48 e2 82')), values: ['1'] },
  { kind: 'invalid-utf8', bytes: masked(Opcode.Text, hex('48 65 ff 6c')), values: ['0xff'] },
  { kind: 'invalid-utf8', bytes: masked(Opcode.Text, hex('ed a0 80')), values: ['0xa0', '0x80', '0x9f'] },
  { kind: 'invalid-utf8', bytes: masked(Opcode.Text, hex('41 80')), values: ['0x80'] },
  { kind: 'invalid-compressed-data', bytes: hex('c1 02 ff ff'), options: { deflate: {} }, values: [] },
];

describe('close codes', () => {
  it('every code of the registry has its name, meaning and advice in Chinese', () => {
    for (const info of REGISTERED_CLOSE_CODES) {
      for (const part of ['name', 'meaning', 'advice'] as const) {
        expect(i18n.exists(`engine.closeCodes.${info.code}.${part}`, { lng: 'zh' }), `${info.code} ${part}`).toBe(true);
      }
      const wording = zh.closeCode(info);
      expect(wording.meaning, String(info.code)).toMatch(CJK);
      expect(wording.name).not.toBe(info.name);
    }
  });

  it('every range, and codes known only by their range, are described in Chinese', () => {
    for (const range of CLOSE_CODE_RANGES) expect(zh.closeRange(range).meaning).toMatch(CJK);
    for (const code of [999, 1016, 3001, 4404, 5000]) {
      const wording = zh.closeCode(closeCodeInfo(code));
      expect(wording.name, String(code)).toMatch(CJK);
      expect(wording.meaning, String(code)).toMatch(CJK);
      expect(wording.advice, String(code)).toMatch(CJK);
    }
  });

  it('in English, is the engine’s own wording', () => {
    for (const code of [1000, 1006, 3008, 3001, 4404, 1016, 5000]) {
      const info = closeCodeInfo(code);
      expect(en.closeCode(info)).toEqual({ name: info.name, meaning: info.meaning, advice: info.advice, source: info.source, range: info.range });
    }
  });
});

describe('rule messages', () => {
  it('every rule of the rulebook has its Chinese, by kind', () => {
    const kinds = new Set(Object.values(HEADER_RULES).flatMap((group) => group.map((rule) => rule.kind)));
    for (const kind of [...kinds, 'close-code-not-sendable', 'invalid-close-reason', 'invalid-utf8', 'invalid-compressed-data', 'internal-error']) {
      expect(i18n.exists(`engine.problems.${kind}`, { lng: 'zh' }), kind).toBe(true);
    }
  });

  it.each(SAMPLES.map((sample, i) => [`${sample.kind} #${i}`, sample] as const))('%s: the engine’s sentence is recognised, its values kept', (_, sample) => {
    const problems = reported(sample.bytes, sample.options).filter((p) => p.kind === sample.kind);
    expect(problems.length, JSON.stringify(reported(sample.bytes, sample.options))).toBeGreaterThan(0);
    for (const problem of problems) {
      const chinese = zh.problem(problem);
      expect(chinese, problem.message).toMatch(CJK);
      expect(chinese).not.toMatch(/\{\{|\}\}/);
      for (const value of sample.values) expect(chinese, problem.message).toContain(value);
      expect(en.problem(problem)).toBe(problem.message);
    }
  });

  it('the inflater’s limit and the connection’s internal error are recognised too', () => {
    expect(zh.problem(inflatedTooBigProblem('the message inflates past the 4096-byte limit', 12))).toMatch(/4096.*[\u4e00-\u9fff]|[\u4e00-\u9fff].*4096/);
    expect(zh.problem(problemAt('internal-error', 1011, 'internal error while handling received bytes: boom', 0, 0, '7.4.1'))).toContain('boom');
  });

  it('a sentence no pattern knows is shown in the engine’s English rather than wrongly', () => {
    const odd = problemAt('invalid-utf8', 1007, 'a sentence the engine never wrote', 3, 0, '8.1');
    expect(zh.problem(odd)).toBe(odd.message);
  });
});

describe('field explanations and what a cut frame waits for', () => {
  const frames = [
    hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'),
    hex('01 03 48 65 6c'),
    hex('82 7e 01 00'),
    hex('82 7f 00 00 00 00 00 01 00 00'),
    hex('c1 05 48 65 6c 6c 6f'),
    hex('89 05 48 65 6c 6c 6f'),
    hex('88 02 03 e8'),
    hex('8a 00'),
    hex('02 01 00'),
    hex('83 00'),
    hex('81 85 37 fa'),
    hex('82 7e 01'),
  ];

  it('every field the decoder explains has its Chinese, with its values', () => {
    for (const options of [{}, { deflate: {} }]) {
      for (const bytes of frames) {
        const result = decodeFrames(bytes, options);
        const decoded = result.remainder ? [...result.frames, result.remainder.frame] : result.frames;
        for (const field of decoded.flatMap((frame) => frame.fields)) {
          const chinese = zh.field(field);
          expect(chinese, field.meaning).toMatch(CJK);
          for (const number of field.meaning.match(/\b\d+\b/g) ?? []) expect(chinese, field.meaning).toContain(number);
          expect(en.field(field)).toBe(field.meaning);
        }
      }
    }
  });

  it('every remainder says what it waits for in Chinese, with its counts', () => {
    for (const bytes of [hex('81'), hex('82 7e 01'), hex('81 85 37 fa'), hex('82 7e 01 00 01 02')]) {
      const { remainder } = decodeFrames(bytes);
      expect(remainder).not.toBeNull();
      const chinese = zh.remainder(remainder!.waitingFor);
      expect(chinese, remainder!.waitingFor).toMatch(CJK);
      for (const number of remainder!.waitingFor.match(/\b\d+\b/g) ?? []) expect(chinese, remainder!.waitingFor).toContain(number);
    }
  });
});

describe('handshake checks', () => {
  const requests = handshakeSamples.filter((sample) => sample.kind === 'request');
  const responses = handshakeSamples.filter((sample) => sample.kind === 'response' && sample.answers);

  it('every check of the server and of the client, on every sample, has its title and its rule in Chinese', () => {
    const checks: HandshakeCheck[] = [];
    for (const sample of requests) {
      const walk = walkServerHandshake(sample.text, { ...(sample.server ?? DEFAULT_SAMPLE_SERVER), deflate: true });
      if (walk.kind === 'steps') checks.push(...walk.decision.checks);
    }
    for (const sample of responses) {
      const request = handshakeSamples.find((s) => s.id === sample.answers)!;
      const walk = walkClientHandshake(request.text, sample.text);
      if (walk.kind === 'steps') checks.push(...walk.verification.checks);
    }
    expect(new Set(checks.map((check) => check.id)).size).toBeGreaterThanOrEqual(12);
    for (const check of checks) {
      const chinese = zh.handshakeCheck(check);
      expect(chinese.title, check.title).toMatch(CJK);
      if (check.expected !== 'GET') expect(chinese.expected, check.expected).toMatch(CJK);
      for (const number of check.expected.match(/\b\d+\b/g) ?? []) expect(chinese.expected, check.expected).toContain(number);
      expect(en.handshakeCheck(check)).toEqual({ title: check.title, expected: check.expected, found: check.found });
    }
  });

  it('a refusal and a failed answer say why in Chinese, with what was found', () => {
    const refused = walkServerHandshake(findSample('version-8')!.text, DEFAULT_SAMPLE_SERVER);
    expect(refused.kind === 'steps' && !refused.decision.accepted).toBe(true);
    if (refused.kind !== 'steps' || refused.decision.accepted) return;
    const reason = zh.handshakeFailure(refused.decision.reason, refused.decision.checks);
    expect(reason).toContain('Sec-WebSocket-Version 为 13');
    expect(reason).toContain('Sec-WebSocket-Version: 8');
    expect(en.handshakeFailure(refused.decision.reason, refused.decision.checks)).toBe(refused.decision.reason);

    const wrong = findSample('wrong-accept-response')!;
    const walk = walkClientHandshake(findSample(wrong.answers!)!.text, wrong.text);
    expect(walk.kind === 'steps' && !walk.verification.ok).toBe(true);
    if (walk.kind !== 'steps' || walk.verification.ok) return;
    expect(zh.handshakeFailure(walk.verification.reason, walk.verification.checks)).toMatch(/^Sec-WebSocket-Accept 与所发的密钥相符：/);
  });
});

describe('hex that is not hex', () => {
  it.each(['81 8g', '0x', '\\x8 ', '[1, 300]', '81 85 3'])('%j: the reason and where it is, in Chinese', (text) => {
    const parsed = parseHex(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const chinese = zh.hexError(parsed.error.message);
    expect(chinese, parsed.error.message).toMatch(CJK);
    expect(chinese).toContain(`第 ${parsed.error.line} 行第 ${parsed.error.column} 列`);
    expect(en.hexError(parsed.error.message)).toBe(parsed.error.message);
  });
});

describe('frames the builder cannot build', () => {
  it.each([
    [{ opcode: 0x3 }, ['0x3']],
    [{ opcode: 0x9, fin: false }, ['5.5']],
    [{ opcode: 0x9, payloadMode: 'text', payloadText: 'x'.repeat(126) }, ['126', '125']],
    [{ masked: true, maskingKeyHex: '37 fa 21' }, ['3']],
    [{ masked: true, maskingKeyHex: '37 zz 21 3d' }, ['第 1 行第 4 列']],
    [{ payloadMode: 'hex', payloadHex: '0' }, ['第 1 行']],
    [{ opcode: 0x8, payloadMode: 'close', closeCode: 70000 }, ['70000']],
    [{ opcode: 0x8, payloadMode: 'close', closeCode: 1000, closeReason: 'x'.repeat(124) }, ['124', '123']],
  ] as const)('%j: why, in Chinese', (patch, values) => {
    const outcome = buildFrame({ ...DEFAULT_BUILDER, ...patch } as BuilderSettings);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const chinese = zh.buildProblem(outcome.problem);
    expect(chinese, outcome.problem).toMatch(CJK);
    for (const value of values) expect(chinese, outcome.problem).toContain(value);
    expect(en.buildProblem(outcome.problem)).toBe(outcome.problem);
  });
});

describe('HTTP heads a server cannot read', () => {
  it.each([
    'GET /chat HTTP/2.0\nHost: a',
    'GET /chat HTTP/1.1\nHost : a',
    'GET /chat HTTP/1.1\nHost a',
    'GET /chat\nHost: a',
    'GET /chat XTTP/1.1',
  ])('%j: why, in Chinese', (request) => {
    const walk = walkServerHandshake(request, DEFAULT_SAMPLE_SERVER);
    expect(walk.kind).toBe('unreadable');
    if (walk.kind !== 'unreadable') return;
    expect(zh.httpError(walk.message), walk.message).toMatch(CJK);
    expect(en.httpError(walk.message)).toBe(walk.message);
  });
});

describe('HTTP heads refused for one byte', () => {
  const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  it.each([
    ['GET /chat HTTP/1.1\r\nHo\x01st: a\r\n\r\n', 'request', ['0x01']],
    ['GET /chat HTTP/1.1\r\nHost: a\x00b\r\n\r\n', 'request', ['NUL']],
    ['GET /ch\x7fat HTTP/1.1\r\n\r\n', 'request', ['0x7f']],
    ['GE\tT /chat HTTP/1.1\r\n\r\n', 'request', ['制表符']],
    [' GET /chat HTTP/1.1\r\n\r\n', 'request', ['空格']],
    ['GET \xe9 HTTP/1.1\r\n\r\n', 'request', ['0xe9']],
    ['GET \r\n\r\n', 'request', ['行尾']],
    ['HTTP/1.1 1o1 Switching Protocols\r\n\r\n', 'response', ['"1o1"', 'HTTP/1.1']],
    ['HTTP/1.1 101x Switching Protocols\r\n\r\n', 'response', ['"x"']],
    ['HTTP/1.1 101 Switching\x00Protocols\r\n\r\n', 'response', ['NUL']],
  ] as const)('%j: the byte named in Chinese', (head, kind, values) => {
    const parsed = kind === 'request' ? parseRequestHead(bytes(head)) : parseResponseHead(bytes(head));
    expect(parsed.state).toBe('error');
    if (parsed.state !== 'error') return;
    const chinese = zh.httpError(parsed.message);
    expect(chinese, parsed.message).toMatch(CJK);
    expect(chinese, parsed.message).not.toMatch(/\b(?:in the|expected|found|byte)\b/);
    for (const value of values) expect(chinese, parsed.message).toContain(value);
    expect(en.httpError(parsed.message)).toBe(parsed.message);
  });
});

describe('what the HTTP parser lets through and notes', () => {
  it('bare LF endings, a leading empty line and a folded header, in Chinese with their lines', () => {
    const walk = walkServerHandshake(findSample('shouting-and-folding')!.text, DEFAULT_SAMPLE_SERVER);
    expect(walk.kind).toBe('steps');
    if (walk.kind !== 'steps') return;
    const request = walk.steps[0];
    const notes = request.kind === 'request' ? request.notes : [];
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      expect(zh.httpError(note), note).toMatch(CJK);
      for (const number of note.match(/\b\d+\b/g) ?? []) expect(zh.httpError(note), note).toContain(number);
    }
  });
});
