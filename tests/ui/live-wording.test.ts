// explorer-ui/src/features/live/live-wording.ts: the Live view's frame
// summaries and session endings, written once in English as frames arrive,
// read in Chinese with their codes, quoted text and hex intact; English is
// shown as it was written.

import { describe, expect, it } from 'vitest';
import { buildClosePayload } from '../../engine/close';
import { Opcode } from '../../engine/opcode';
import { summarizeFrame } from '../../explorer-ui/src/features/live/frame-summary';
import { endingHeadline, liveSummary, sessionTargetWords, tapDropWords } from '../../explorer-ui/src/features/live/live-wording';
import { explainEnding } from '../../explorer-ui/src/features/live/session-ending';
import { i18n } from '../../explorer-ui/src/i18n';
import { engineWording } from '../../explorer-ui/src/i18n/engine-wording';
import { UNCAPTURED_TARGET } from '../../engine/capture/session-tap-messages';
import { serverAbsenceWords } from '../../explorer-ui/src/i18n/server-absence';

const zhT = i18n.getFixedT('zh');
const enT = i18n.getFixedT('en');
const zh = (summary: string) => liveSummary(summary, zhT, engineWording(zhT));
const en = (summary: string) => liveSummary(summary, enT, engineWording(enT));
const text = (s: string) => new TextEncoder().encode(s);
const CJK = /[\u4e00-\u9fff]/;

describe('frame summaries', () => {
  it.each([
    ['a ping with a payload', Opcode.Ping, text('hi'), ['“hi”']],
    ['an empty pong', Opcode.Pong, new Uint8Array(0), []],
    ['a continuation', Opcode.Continuation, text('lo'), ['“lo”']],
    ['an empty binary frame', Opcode.Binary, new Uint8Array(0), []],
    ['a close with a reason', Opcode.Close, buildClosePayload(1001, 'bye'), ['1001', '“bye”']],
    ['a close with no code', Opcode.Close, new Uint8Array(0), ['1005']],
    ['a 1-byte close body', Opcode.Close, Uint8Array.of(3), ['1002']],
    ['a close with 1006 on the wire', Opcode.Close, buildClosePayload(1006), ['1006', '1002']],
    ['a reserved opcode', 0x3, new Uint8Array(0), ['reserved-3']],
  ] as const)('%s', (_, opcode, payload, values) => {
    const summary = summarizeFrame(opcode, payload);
    expect(zh(summary), summary).toMatch(CJK);
    for (const value of values) expect(zh(summary)).toContain(value);
    expect(en(summary)).toBe(summary);
  });

  it('a text frame’s own text, and a binary frame’s hex, are shown as they are', () => {
    for (const summary of [summarizeFrame(Opcode.Text, text('1000 Normal Closure')), summarizeFrame(Opcode.Binary, Uint8Array.of(0x01, 0xab, 0xcd))]) {
      expect(zh(summary)).toBe(summary);
    }
  });
});

describe('session endings', () => {
  it('name the code in Chinese', () => {
    const ending = explainEnding({ state: 'closed', close: { code: 1006, reason: '', wasClean: false }, closeFrames: [] } as never)!;
    expect(endingHeadline(ending.headline, zhT, engineWording(zhT))).toBe('1006 异常关闭');
    const refused = explainEnding({ state: 'refused', close: null, closeFrames: [], refusal: 'HTTP/1.1 403 Forbidden' })!;
    expect(endingHeadline(refused.headline, zhT, engineWording(zhT))).toBe('被拒绝：HTTP/1.1 403 Forbidden');
    expect(endingHeadline(refused.headline, enT, engineWording(enT))).toBe(refused.headline);
  });
});

describe('why the page lost the tap, or found no server', () => {
  it('a drop with a code says the code and the tap\'s reason in either language', () => {
    const slow = { kind: 'slow', code: 1008, reason: 'viewer too slow' } as const;
    expect(tapDropWords(enT, slow)).toBe('the tap dropped this page for not reading fast enough (1008: viewer too slow)');
    expect(tapDropWords(zhT, slow)).toMatch(CJK);
    expect(tapDropWords(zhT, slow)).toContain('1008：viewer too slow');
    expect(tapDropWords(zhT, { kind: 'closed', code: 4000, reason: '' })).toContain('（4000）');
    expect(tapDropWords(zhT, { kind: 'lost' })).toContain('1006');
  });

  it('each kind of drop has its Chinese', () => {
    for (const kind of ['refused', 'lost'] as const) expect(tapDropWords(zhT, { kind })).toMatch(CJK);
    for (const kind of ['slow', 'full', 'going-away', 'closed'] as const) expect(tapDropWords(zhT, { kind, code: 1001, reason: '' })).toMatch(CJK);
  });

  it('an /api path that answered something else names the path, the status and what was expected', () => {
    const odd = { kind: 'unexpected', path: '/api/lab', status: 404, expected: 'lab-targets' } as const;
    expect(serverAbsenceWords(enT, odd)).toBe('/api/lab answered 404, not the explorer’s list of lab targets');
    expect(serverAbsenceWords(zhT, odd)).toMatch(/^\/api\/lab .*404.*实验室目标列表$/);
    for (const expected of ['endpoints', 'lab-targets', 'lab-report', 'conformance-cases'] as const) {
      expect(serverAbsenceWords(zhT, { ...odd, expected })).not.toMatch(/explorer’s|lab report/);
    }
    expect(serverAbsenceWords(zhT, { kind: 'silent' })).toMatch(CJK);
  });
});

describe('a session\'s target', () => {
  it('is the request\'s own target, or says in the reader\'s language that the capture missed the request', () => {
    expect(sessionTargetWords(zhT, '/chat?room=1')).toBe('/chat?room=1');
    expect(sessionTargetWords(enT, UNCAPTURED_TARGET)).toBe(UNCAPTURED_TARGET);
    expect(sessionTargetWords(zhT, UNCAPTURED_TARGET)).toMatch(CJK);
  });
});
