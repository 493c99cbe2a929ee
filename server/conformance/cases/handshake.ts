// Category 0, the opening handshake (RFC 6455 4.2.1, 4.2.2), which Autobahn
// named "Handshake" and never filled. One subcategory per check the server
// runs (engine/handshake.ts's ids, in its order): method, http-version,
// host, connection, upgrade, websocket-version, key, origin, subprotocol,
// extensions; each request is the engine's valid one with one thing changed.
//
// A refusal with the status the RFC names is strict; another 4xx is lenient
// (4.2.1 asks for "an appropriate error code (such as 400 Bad Request)");
// a 101, anything but 4xx, or no answer at all fails. HTTP's own MUSTs on a
// refusal (Allow on 405, Upgrade on 426) make a refusal lenient when missing;
// RFC 6455's (Sec-WebSocket-Version when the version is refused) fail it.

import { headerHasToken, headerValues, type HttpRequest, type HttpResponse } from '../../../engine/http-message';
import type { CaseDefinition, HandshakeExpectation, RefusalFinding } from '../case-model';
import type { RfcReference } from '../report';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, answers, defineCases } from './build';

/** The request with every `name` header replaced by `value` (or removed when null), where the first one was. */
function withHeader(request: HttpRequest, name: string, value: string | null): HttpRequest {
  const lower = name.toLowerCase();
  const at = request.headers.findIndex((h) => h.name.toLowerCase() === lower);
  const headers = request.headers.filter((h) => h.name.toLowerCase() !== lower);
  if (value !== null) headers.splice(at < 0 ? headers.length : at, 0, { name, value });
  return { ...request, headers };
}

function withExtraHeader(request: HttpRequest, name: string, value: string): HttpRequest {
  return { ...request, headers: [...request.headers, { name, value }] };
}

function hostOf(request: HttpRequest): string {
  return headerValues(request.headers, 'host')[0] ?? '';
}

/** RFC 9110 15.5.6: a 405 names the methods that would work. */
function allowOn405(response: HttpResponse): RefusalFinding | null {
  if (response.status !== 405 || headerValues(response.headers, 'allow').length > 0) return null;
  return { lenient: 'the 405 carries no Allow header, which RFC 9110 15.5.6 requires' };
}

/** RFC 9110 15.5.22: a 426 names the protocol to upgrade to. */
function upgradeOn426(response: HttpResponse): RefusalFinding | null {
  if (response.status !== 426 || headerHasToken(response.headers, 'upgrade', 'websocket')) return null;
  return { lenient: 'the 426 carries no "Upgrade: websocket", which RFC 9110 15.5.22 requires' };
}

/** 4.2.2: a refused version is answered with the versions the server speaks. */
function versionsNamed(response: HttpResponse): RefusalFinding | null {
  const named = headerValues(response.headers, 'sec-websocket-version').flatMap((v) => v.split(',')).map((v) => v.trim());
  if (!named.includes('13')) {
    return { fail: named.length ? `the refusal names versions ${named.join(', ')} but not 13` : 'the refusal names no Sec-WebSocket-Version, which 4.2.2 requires' };
  }
  return upgradeOn426(response);
}

function refuse(statuses: number[], check?: (response: HttpResponse) => RefusalFinding | null): HandshakeExpectation {
  return { type: 'refuse', statuses, ...(check ? { check } : {}) };
}

interface RefusalCase {
  id: string;
  description: string;
  rfc: RfcReference[];
  alter: (request: HttpRequest) => HttpRequest;
  statuses: number[];
  check?: (response: HttpResponse) => RefusalFinding | null;
  expectation: string;
}

function refusalCase(c: RefusalCase): CaseDefinition {
  return {
    id: c.id,
    description: c.description,
    rfc: c.rfc,
    expectation: c.expectation,
    handshake: { alter: c.alter, expect: refuse(c.statuses, c.check) },
    actions: [],
    expect: answers(),
  };
}

function acceptCase(id: string, description: string, rfc: RfcReference[], expectation: string, alter: (request: HttpRequest) => HttpRequest, extra: Omit<Extract<HandshakeExpectation, { type: 'accept' }>, 'type'> = {}): CaseDefinition {
  return {
    id,
    description,
    rfc,
    expectation,
    handshake: { alter, expect: { type: 'accept', ...extra } },
    actions: [CLOSE_NORMALLY],
    expect: answers(),
  };
}

const BAD_REQUEST = 'Refused with 400 (another 4xx is lenient); never a 101.';
const BAD_UPGRADE = 'Refused with 400 or 426 Upgrade Required (another 4xx is lenient); never a 101. A 426 names the protocol in an Upgrade header (RFC 9110).';

export const HANDSHAKE_CASES = defineCases([
  acceptCase('0.1.1', 'Send the opening handshake as RFC 6455 4.1 builds it.', [RFC.accept], 'A 101 Switching Protocols with "Upgrade: websocket", "Connection: Upgrade" and the right Sec-WebSocket-Accept (every check of 4.1). Clean close with normal code.', (r) => r),
  acceptCase(
    '0.1.2',
    'Send a valid handshake written differently: header names in lower case, "Upgrade: WebSocket", and "Connection: keep-alive, Upgrade".',
    [RFC.headerCase, RFC.connectionHeader],
    'A 101: header names and these tokens are case-insensitive, and "Upgrade" may be anywhere in the Connection list. Clean close with normal code.',
    (r) => ({
      ...r,
      headers: r.headers.map((h) => {
        const name = h.name.toLowerCase();
        if (name === 'upgrade') return { name, value: 'WebSocket' };
        if (name === 'connection') return { name, value: 'keep-alive, Upgrade' };
        return { name, value: h.value };
      }),
    }),
  ),
  refusalCase({
    id: '0.2.1', description: 'Send the handshake with the method POST.', rfc: [RFC.getRequest, RFC.badHandshake, RFC.allowOn405],
    alter: (r) => ({ ...r, method: 'POST' }), statuses: [400, 405], check: allowOn405,
    expectation: 'Refused with 405 Method Not Allowed (with "Allow: GET") or 400; another 4xx is lenient; never a 101.',
  }),
  refusalCase({
    id: '0.2.2', description: 'Send the handshake with the method "get" in lower case (methods are case-sensitive, RFC 9110 9.1).', rfc: [RFC.getRequest, RFC.badHandshake],
    alter: (r) => ({ ...r, method: 'get' }), statuses: [400, 405, 501], check: allowOn405,
    expectation: 'Refused with 400, 405 or 501 Not Implemented (an unknown method); another 4xx is lenient; never a 101.',
  }),
  refusalCase({
    id: '0.3.1', description: 'Send the handshake as HTTP/1.0.', rfc: [RFC.getRequest, RFC.badHandshake],
    alter: (r) => ({ ...r, version: 'HTTP/1.0' }), statuses: [400, 505],
    expectation: 'Refused with 400 or 505 HTTP Version Not Supported; another 4xx is lenient; never a 101.',
  }),
  refusalCase({
    id: '0.4.1', description: 'Send the handshake without a Host header.', rfc: [RFC.hostHeader, RFC.host400],
    alter: (r) => withHeader(r, 'Host', null), statuses: [400], expectation: BAD_REQUEST,
  }),
  refusalCase({
    id: '0.4.2', description: 'Send the handshake with two Host headers.', rfc: [RFC.hostHeader, RFC.host400],
    alter: (r) => withExtraHeader(r, 'Host', hostOf(r)), statuses: [400], expectation: BAD_REQUEST,
  }),
  refusalCase({
    id: '0.5.1', description: 'Send the handshake without a Connection header.', rfc: [RFC.connectionHeader, RFC.badHandshake, RFC.upgradeOn426],
    alter: (r) => withHeader(r, 'Connection', null), statuses: [400, 426], check: upgradeOn426, expectation: BAD_UPGRADE,
  }),
  refusalCase({
    id: '0.5.2', description: 'Send the handshake with "Connection: keep-alive", without the token "Upgrade".', rfc: [RFC.connectionHeader, RFC.badHandshake, RFC.upgradeOn426],
    alter: (r) => withHeader(r, 'Connection', 'keep-alive'), statuses: [400, 426], check: upgradeOn426, expectation: BAD_UPGRADE,
  }),
  refusalCase({
    id: '0.6.1', description: 'Send the handshake without an Upgrade header.', rfc: [RFC.upgradeHeader, RFC.badHandshake, RFC.upgradeOn426],
    alter: (r) => withHeader(r, 'Upgrade', null), statuses: [400, 426], check: upgradeOn426, expectation: BAD_UPGRADE,
  }),
  refusalCase({
    id: '0.6.2', description: 'Send the handshake with "Upgrade: h2c" instead of websocket.', rfc: [RFC.upgradeHeader, RFC.badHandshake, RFC.upgradeOn426],
    alter: (r) => withHeader(r, 'Upgrade', 'h2c'), statuses: [400, 426], check: upgradeOn426, expectation: BAD_UPGRADE,
  }),
  refusalCase({
    id: '0.7.1', description: 'Send the handshake without a Sec-WebSocket-Version header.', rfc: [RFC.versionHeader, RFC.badHandshake, RFC.versionRefusal],
    alter: (r) => withHeader(r, 'Sec-WebSocket-Version', null), statuses: [400, 426],
    check: (response) => (response.status === 426 ? versionsNamed(response) : null),
    expectation: 'Refused with 400 or 426; a 426 names version 13 in Sec-WebSocket-Version (and the protocol in Upgrade); another 4xx is lenient; never a 101.',
  }),
  ...['7', '14'].map((version, i) => refusalCase({
    id: `0.7.${i + 2}`,
    description: `Send the handshake with "Sec-WebSocket-Version: ${version}", a version ${version === '7' ? 'of a draft (hybi-07) that RFC 6455 replaced' : 'no specification defines'}.`,
    rfc: [RFC.versionRefusal, RFC.upgradeOn426],
    alter: (r) => withHeader(r, 'Sec-WebSocket-Version', version),
    statuses: [426],
    check: versionsNamed,
    expectation: 'Refused with 426 Upgrade Required and "Sec-WebSocket-Version: 13" naming the version the server speaks (4.2.2); another 4xx that names 13 is lenient; a refusal that names no version, or a 101, fails.',
  })),
  refusalCase({
    id: '0.8.1', description: 'Send the handshake without a Sec-WebSocket-Key header.', rfc: [RFC.keyHeader, RFC.badHandshake],
    alter: (r) => withHeader(r, 'Sec-WebSocket-Key', null), statuses: [400], expectation: BAD_REQUEST,
  }),
  refusalCase({
    id: '0.8.2', description: 'Send the handshake with a Sec-WebSocket-Key of 8 bytes (AQIDBAUGBwg=), not 16.', rfc: [RFC.keyHeader, RFC.badHandshake],
    alter: (r) => withHeader(r, 'Sec-WebSocket-Key', 'AQIDBAUGBwg='), statuses: [400], expectation: BAD_REQUEST,
  }),
  refusalCase({
    id: '0.8.3', description: 'Send the handshake with a Sec-WebSocket-Key of 24 characters that are not base64 (!!!!…).', rfc: [RFC.keyHeader, RFC.badHandshake],
    alter: (r) => withHeader(r, 'Sec-WebSocket-Key', '!!!!!!!!!!!!!!!!!!!!!!=='), statuses: [400], expectation: BAD_REQUEST,
  }),
  refusalCase({
    id: '0.8.4', description: 'Send the handshake with two Sec-WebSocket-Key headers, each valid.', rfc: [RFC.keyHeader, RFC.badHandshake],
    alter: (r) => withExtraHeader(r, 'Sec-WebSocket-Key', 'AAECAwQFBgcICQoLDA0ODw=='), statuses: [400], expectation: BAD_REQUEST,
  }),
  acceptCase(
    '0.9.1',
    'Send the handshake with an Origin of the server\'s own host, as a page the server served would.',
    [RFC.origin],
    'A 101. Refusing its own origin is allowed (a server may refuse any origin) but lenient. Clean close with normal code.',
    (r) => withExtraHeader(r, 'Origin', `http://${hostOf(r)}`),
    { refusalIsLenient: 'the server refused a request from its own origin' },
  ),
  {
    id: '0.9.2',
    description: 'Send the handshake with "Origin: http://attacker.example", a page on another site.',
    rfc: [RFC.origin],
    expectation: 'A 101 (the server accepts every origin) or 403 Forbidden (it checks them): both are the server\'s choice. Another 4xx is lenient.',
    handshake: { alter: (r) => withExtraHeader(r, 'Origin', 'http://attacker.example'), expect: { type: 'accept-or-refuse', statuses: [403] } },
    actions: [CLOSE_NORMALLY],
    expect: answers(),
  },
  acceptCase(
    '0.10.1',
    'Send the handshake offering the subprotocols "x-conformance-a, x-conformance-b", which an echo server does not speak.',
    [RFC.subprotocol],
    'A 101 without Sec-WebSocket-Protocol, or with one of the two offered; never a subprotocol that was not offered. Clean close with normal code.',
    (r) => withExtraHeader(r, 'Sec-WebSocket-Protocol', 'x-conformance-a, x-conformance-b'),
  ),
  refusalCase({
    id: '0.10.2', description: 'Send the handshake offering the subprotocols "chat, super chat": "super chat" is not a token.', rfc: [RFC.subprotocolToken, RFC.badHandshake],
    alter: (r) => withExtraHeader(r, 'Sec-WebSocket-Protocol', 'chat, super chat'), statuses: [400], expectation: BAD_REQUEST,
  }),
  acceptCase(
    '0.11.1',
    'Send the handshake offering "x-conformance-unknown", an extension nobody defines.',
    [RFC.unknownExtension],
    'A 101 that does not take the unknown extension. Clean close with normal code.',
    (r) => withExtraHeader(r, 'Sec-WebSocket-Extensions', 'x-conformance-unknown'),
    {
      check: (response) => (headerValues(response.headers, 'sec-websocket-extensions').some((v) => /x-conformance-unknown/i.test(v))
        ? 'the server answered with x-conformance-unknown, an extension it cannot know'
        : null),
    },
  ),
  refusalCase({
    id: '0.11.2', description: 'Send the handshake with "Sec-WebSocket-Extensions: permessage-deflate; =", which breaks the header\'s grammar (9.1).', rfc: [RFC.extensionsOffered, RFC.badHandshake],
    alter: (r) => withExtraHeader(r, 'Sec-WebSocket-Extensions', 'permessage-deflate; ='), statuses: [400], expectation: BAD_REQUEST,
  }),
  acceptCase(
    '0.11.3',
    'Send the handshake offering "permessage-deflate; x-unknown-param=1": permessage-deflate with a parameter RFC 7692 does not define.',
    [RFC.declineOffer],
    'A 101 without permessage-deflate: the server declines that offer (RFC 7692 7.1). Refusing the whole handshake is lenient. Clean close with normal code.',
    (r) => withExtraHeader(r, 'Sec-WebSocket-Extensions', 'permessage-deflate; x-unknown-param=1'),
    {
      check: (response) => (headerValues(response.headers, 'sec-websocket-extensions').some((v) => /permessage-deflate/i.test(v))
        ? 'the server accepted an offer with a parameter it cannot know, which RFC 7692 7.1 says it MUST decline'
        : null),
      refusalIsLenient: 'the server refused the handshake instead of declining the offer (RFC 7692 7.1)',
    },
  ),
]);
