import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClientKey, computeAccept, deriveAcceptKey, WEBSOCKET_GUID } from '../../engine/accept-key';

const nodeAccept = (key: string) => createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');

describe('deriveAcceptKey', () => {
  it('derives the RFC 6455 sample (sections 1.3 and 4.2.2)', () => {
    const derivation = deriveAcceptKey('dGhlIHNhbXBsZSBub25jZQ==');
    expect(derivation).toMatchObject({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      keyValid: true,
      keyProblem: null,
      guid: '258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      concatenated: 'dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
    // The sample nonce is the text "the sample nonce".
    expect(new TextDecoder().decode(derivation.keyBytes!)).toBe('the sample nonce');
    expect(derivation.sha1).toHaveLength(20);
  });

  it('derives the widely published example pair (Wikipedia, "WebSocket")', () => {
    expect(computeAccept('x3JJHMbDL1EzLkh9GBhXDw==')).toBe('HSmrc0sMlYUkAGmm5OPpG2HaGWk=');
  });

  it('agrees with node:crypto on random 16-byte keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const key = Buffer.from(bytes).toString('base64');
        const derivation = deriveAcceptKey(key);
        expect(derivation.keyValid).toBe(true);
        expect(derivation.accept).toBe(nodeAccept(key));
      }),
    );
  });

  it('still derives an invalid key, and says why a server refuses it', () => {
    const derivation = deriveAcceptKey('hello');
    expect(derivation.keyValid).toBe(false);
    expect(derivation.keyBytes).toBeNull();
    expect(derivation.keyProblem).toMatch(/not base64: length 5/);
    expect(derivation.accept).toBe(nodeAccept('hello'));
  });
});

describe('checkClientKey', () => {
  const invalid: Array<[string, string, RegExp]> = [
    ['an empty key', '', /empty/],
    ['15 bytes', Buffer.alloc(15, 1).toString('base64'), /decodes to 15 bytes.*exactly 16/],
    ['17 bytes', Buffer.alloc(17, 1).toString('base64'), /decodes to 17 bytes/],
    ['a character outside base64', 'dGhlIHNhbXBsZSBub2!jZQ==', /"!" at index 18/],
    ['surrounding whitespace', ' dGhlIHNhbXBsZSBub25jZQ==', /U\+0020 at index 0/],
  ];
  it.each(invalid)('fails on %s', (_what, key, problem) => {
    const check = checkClientKey(key);
    expect(check.valid).toBe(false);
    expect(check.problem).toMatch(problem);
  });

  it('keeps the bytes of a key of the wrong length, for display', () => {
    expect(checkClientKey('Zm9v').bytes).toEqual(new TextEncoder().encode('foo'));
  });
});
