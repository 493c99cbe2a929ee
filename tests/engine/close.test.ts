import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  REGISTERED_CLOSE_CODES,
  buildClosePayload,
  closeCodeInfo,
  isSendableCloseCode,
  readClosePayload,
} from '../../engine/close';
import { closePayloadProblems } from '../../engine/frame-rules';

describe('the close-code registry', () => {
  it('holds RFC 6455 7.4.1, IANA\'s 1012–1014 and its 3000-range codes, each with its name', () => {
    expect(REGISTERED_CLOSE_CODES.map((c) => [c.code, c.name])).toEqual([
      [1000, 'Normal Closure'], [1001, 'Going Away'], [1002, 'Protocol Error'], [1003, 'Unsupported Data'],
      [1004, 'Reserved'], [1005, 'No Status Received'], [1006, 'Abnormal Closure'], [1007, 'Invalid Frame Payload Data'],
      [1008, 'Policy Violation'], [1009, 'Message Too Big'], [1010, 'Mandatory Extension'], [1011, 'Internal Error'],
      [1012, 'Service Restart'], [1013, 'Try Again Later'], [1014, 'Bad Gateway'], [1015, 'TLS Handshake'],
      [3000, 'Unauthorized'], [3003, 'Forbidden'], [3008, 'Timeout'],
    ]);
  });

  it('derives its constants from the registry', () => {
    expect(CloseCode).toMatchObject({ Normal: 1000, GoingAway: 1001, ProtocolError: 1002, Abnormal: 1006, MessageTooBig: 1009, ServiceRestart: 1012, TryAgainLater: 1013, BadGateway: 1014, TlsHandshake: 1015, Unauthorized: 3000, Forbidden: 3003, Timeout: 3008 });
    expect(Object.keys(CloseCode)).toHaveLength(REGISTERED_CLOSE_CODES.length);
    for (const [constant, code] of Object.entries(CloseCode)) expect(closeCodeInfo(code).code, constant).toBe(code);
  });

  it('names each code as gorilla/websocket does, where it has a constant', () => {
    expect(closeCodeInfo(1006).gorillaName).toBe('CloseAbnormalClosure');
    expect(closeCodeInfo(1007).gorillaName).toBe('CloseInvalidFramePayloadData');
    expect(closeCodeInfo(1011).gorillaName).toBe('CloseInternalServerErr');
    expect(closeCodeInfo(1014).gorillaName).toBeNull();
  });

  it.each([
    [1000, true, 'either'], [1001, true, 'either'], [1002, true, 'either'], [1003, true, 'either'],
    [1004, false, 'nobody'], [1005, false, 'local'], [1006, false, 'local'],
    [1007, true, 'either'], [1008, true, 'either'], [1009, true, 'either'], [1010, true, 'client'], [1011, true, 'either'],
    [1012, true, 'server'], [1013, true, 'server'], [1014, true, 'server'], [1015, false, 'local'],
    [0, false, 'nobody'], [999, false, 'nobody'], [1016, false, 'nobody'], [2999, false, 'nobody'],
    [3000, true, 'either'], [3001, true, 'either'], [3999, true, 'either'], [4000, true, 'either'], [4999, true, 'either'], [5000, false, 'nobody'],
  ])('%i: may appear on the wire = %s, sent by %s', (code, sendable, sender) => {
    expect(isSendableCloseCode(code)).toBe(sendable);
    expect(closeCodeInfo(code)).toMatchObject({ code, validOnWire: sendable, sender });
  });

  it('explains why 1005 and 1006 never appear on the wire', () => {
    expect(closeCodeInfo(1005).meaning).toMatch(/never sent/i);
    expect(closeCodeInfo(1006).advice).toMatch(/no close handshake/i);
  });

  it('names the ranges of 7.4.2 and what an unlisted code in each means', () => {
    expect(closeCodeInfo(3500)).toMatchObject({ range: '3000–3999 Registered', name: 'Library or framework code', sender: 'either' });
    expect(closeCodeInfo(4321)).toMatchObject({ range: '4000–4999 Private', name: 'Private use', sender: 'either' });
    expect(closeCodeInfo(4321).meaning).toMatch(/agreed/);
    expect(closeCodeInfo(2000)).toMatchObject({ range: '1000–2999 Protocol', name: 'Undefined (protocol range)' });
    expect(closeCodeInfo(70000)).toMatchObject({ range: 'outside 0–4999', name: 'Out of range', validOnWire: false });
  });
});

describe('close payloads (RFC 6455 5.5.1)', () => {
  it('round-trips a code and a UTF-8 reason', () => {
    const payload = buildClosePayload(1001, 'au revoir ✓');
    expect(readClosePayload(payload)).toEqual({ code: 1001, reason: 'au revoir ✓' });
    expect(closePayloadProblems(payload, 0)).toEqual([]);
  });

  it('reads an empty payload as no code', () => {
    expect(readClosePayload(new Uint8Array(0))).toEqual({ code: null, reason: '' });
    expect(buildClosePayload()).toHaveLength(0);
  });

  it('refuses a reason that does not fit a control frame', () => {
    expect(buildClosePayload(1000, 'x'.repeat(123))).toHaveLength(125);
    expect(() => buildClosePayload(1000, 'x'.repeat(124))).toThrow(/123/);
    expect(() => buildClosePayload(null, 'why')).toThrow(/status code/);
  });

  it('pins a bad code to the payload\'s first byte and a bad reason to its first bad byte', () => {
    expect(closePayloadProblems(Uint8Array.of(0x03, 0xed, 0x41, 0xc0, 0xaf), 10)).toMatchObject([
      { kind: 'close-code-not-sendable', closeCode: 1002, byteOffset: 10, rfc: '7.4.1' },
      { kind: 'invalid-close-reason', closeCode: 1007, byteOffset: 13, rfc: '5.5.1' },
    ]);
  });

  it('does not hold a reason cut inside a code point against a payload that has not all arrived', () => {
    const cut = Uint8Array.of(0x03, 0xe8, 0xe2, 0x82);
    expect(closePayloadProblems(cut, 0, false)).toEqual([]);
    expect(closePayloadProblems(cut, 0, true)).toMatchObject([{ kind: 'invalid-close-reason' }]);
  });
});
