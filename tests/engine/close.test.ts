import { describe, expect, it } from 'vitest';
import { DEFINED_CLOSE_CODES, buildClosePayload, closeCodeInfo, isSendableCloseCode, parseClosePayload } from '../../engine/close';

describe('the close-code registry', () => {
  it('defines every code of the seed\'s table and RFC 7.4.1, plus IANA\'s 1012–1015', () => {
    expect(DEFINED_CLOSE_CODES.map((c) => c.code)).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015]);
    for (const info of DEFINED_CLOSE_CODES) {
      expect(info.name.length, String(info.code)).toBeGreaterThan(3);
      expect(info.meaning.length).toBeGreaterThan(10);
      expect(info.advice.length).toBeGreaterThan(10);
    }
  });

  it.each([
    [1000, true, 'either'], [1001, true, 'either'], [1002, true, 'either'], [1003, true, 'either'],
    [1004, false, 'never'], [1005, false, 'never'], [1006, false, 'never'],
    [1007, true, 'either'], [1008, true, 'either'], [1009, true, 'either'], [1010, true, 'client'], [1011, true, 'either'],
    [1012, true, 'server'], [1013, true, 'server'], [1014, true, 'server'], [1015, false, 'never'],
    [0, false, 'never'], [999, false, 'never'], [1016, false, 'never'], [2999, false, 'never'],
    [3000, true, 'either'], [3999, true, 'either'], [4000, true, 'either'], [4999, true, 'either'], [5000, false, 'never'],
  ])('%i: may appear on the wire = %s, sent by %s', (code, sendable, sender) => {
    expect(isSendableCloseCode(code)).toBe(sendable);
    expect(closeCodeInfo(code)).toMatchObject({ code, validOnWire: sendable, sender });
  });

  it('explains why 1005 and 1006 never appear on the wire', () => {
    expect(closeCodeInfo(1005).meaning).toMatch(/never sent/i);
    expect(closeCodeInfo(1006).advice).toMatch(/no close handshake/i);
  });

  it('names the ranges of 7.4.2', () => {
    expect(closeCodeInfo(3500).range).toBe('3000–3999 Registered');
    expect(closeCodeInfo(4321).range).toBe('4000–4999 Private');
    expect(closeCodeInfo(2000).range).toBe('1000–2999 Protocol');
  });
});

describe('close payloads (RFC 6455 5.5.1)', () => {
  it('round-trips a code and a UTF-8 reason', () => {
    expect(parseClosePayload(buildClosePayload(1001, 'au revoir ✓'))).toEqual({ code: 1001, reason: 'au revoir ✓', problems: [] });
  });

  it('reads an empty payload as no code', () => {
    expect(parseClosePayload(new Uint8Array(0))).toEqual({ code: null, reason: '', problems: [] });
    expect(buildClosePayload()).toHaveLength(0);
  });

  it('refuses a reason that does not fit a control frame', () => {
    expect(buildClosePayload(1000, 'x'.repeat(123))).toHaveLength(125);
    expect(() => buildClosePayload(1000, 'x'.repeat(124))).toThrow(/123/);
    expect(() => buildClosePayload(null, 'why')).toThrow(/status code/);
  });
});
