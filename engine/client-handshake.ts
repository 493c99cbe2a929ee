// The client's side of the opening handshake (RFC 6455 4.1), like gorilla's
// Dialer: build the request from a ws:// or wss:// URL, then check the
// server's answer step by step. The nonce comes from an injected random
// source, so the engine stays pure and tests are repeatable.

import { formatHost, parseAuthority } from './authority';
import { computeAccept, CLIENT_KEY_BYTES } from './accept-key';
import { encodeBase64 } from './base64';
import { formatExtensions, parseExtensionsHeader, type ExtensionOffer } from './extensions-header';
import { type HandshakeCheck, WEBSOCKET_VERSION } from './handshake';
import {
  headerHasToken,
  headerListItems,
  headerValues,
  isToken,
  serializeRequest,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
} from './http-message';

export interface ClientHandshakeOptions {
  url: string;
  /** Source of the 16-byte nonce (RFC 4.1 step 7: "randomly selected"); e.g. crypto.getRandomValues in the caller. */
  randomBytes: (n: number) => Uint8Array;
  /** Subprotocols to offer, in the client's order of preference. */
  protocols?: string[];
  /** Sec-WebSocket-Extensions value to offer, e.g. "permessage-deflate; client_max_window_bits". */
  extensions?: string;
  origin?: string;
  /** More request headers; a Host header here replaces the one derived from the URL (as gorilla allows). */
  headers?: HttpHeader[];
}

export interface ClientHandshake {
  url: string;
  secure: boolean;
  /** Host name or address to connect to (an IPv6 address without brackets). */
  host: string;
  port: number;
  /** The resource name: path and query (RFC 6455 3). */
  path: string;
  key: string;
  expectedAccept: string;
  request: HttpRequest;
  requestBytes: Uint8Array;
  offeredProtocols: string[];
  offeredExtensions: ExtensionOffer[];
}

export type ResponseVerification =
  | { ok: true; checks: HandshakeCheck[]; subprotocol: string | null; extensions: string | null }
  | { ok: false; checks: HandshakeCheck[]; reason: string };

export interface WebSocketUrl {
  secure: boolean;
  host: string;
  port: number;
  path: string;
  /** Value of the Host header: host, plus ":port" when the port is not the scheme's default (4.1 step 4). */
  hostHeader: string;
}

const DEFAULT_PORT = { ws: 80, wss: 443 } as const;
const MAX_PORT = 65535;

/** Headers the handshake writes itself; extra headers may not duplicate them. */
const HANDSHAKE_REQUEST_HEADERS = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];

/**
 * Splits a WebSocket URI (RFC 6455 section 3) into what the handshake needs.
 * Throws on anything else: another scheme, a fragment ("MUST NOT be used"),
 * user info, a bad port, characters that need escaping (caller errors).
 */
export function parseWebSocketUrl(url: string): WebSocketUrl {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)(#.*)?$/.exec(url);
  if (!match) throw new TypeError(`"${url}" is not a ws:// or wss:// URL`);
  const scheme = match[1].toLowerCase();
  if (scheme !== 'ws' && scheme !== 'wss') throw new TypeError(`"${url}" is not a ws:// or wss:// URL (scheme "${match[1]}")`);
  if (match[4] !== undefined) throw new TypeError(`"${url}" has a fragment; RFC 6455 3 forbids fragments in WebSocket URIs (escape "#" as %23)`);
  const authority = match[2];
  if (authority.includes('@')) throw new TypeError(`"${url}" carries user info, which a WebSocket URI cannot`);
  const parsed = parseAuthority(authority);
  if (!parsed) throw new TypeError(`"${url}" has no valid host and port`);
  const defaultPort = DEFAULT_PORT[scheme];
  const port = parsed.port ?? defaultPort;
  if (port < 1 || port > MAX_PORT) throw new TypeError(`"${url}" has an invalid port`);
  let path = match[3] || '/';
  if (path.startsWith('?')) path = `/${path}`;
  if (!/^[\x21-\x7e]+$/.test(path)) throw new TypeError(`"${url}" has characters in its path that must be percent-encoded`);
  const host = formatHost(parsed);
  return { secure: scheme === 'wss', host: parsed.host, port, path, hostHeader: port === defaultPort ? host : `${host}:${port}` };
}

/** The request a client sends to open a WebSocket (RFC 6455 4.1). Throws on caller errors. */
export function buildClientHandshake(options: ClientHandshakeOptions): ClientHandshake {
  const target = parseWebSocketUrl(options.url);
  const nonce = options.randomBytes(CLIENT_KEY_BYTES);
  if (!(nonce instanceof Uint8Array) || nonce.length !== CLIENT_KEY_BYTES) {
    throw new RangeError(`randomBytes(${CLIENT_KEY_BYTES}) must return ${CLIENT_KEY_BYTES} bytes`);
  }
  const key = encodeBase64(nonce);

  const protocols = options.protocols ?? [];
  for (const protocol of protocols) {
    // 4.1 step 10: "characters in the range U+0021 to U+007E not including separator characters", each unique.
    if (!isToken(protocol)) throw new TypeError(`subprotocol "${protocol}" is not a token`);
  }
  if (new Set(protocols).size !== protocols.length) throw new TypeError(`subprotocols must be unique: ${protocols.join(', ')}`);

  let offeredExtensions: ExtensionOffer[] = [];
  if (options.extensions !== undefined && options.extensions.trim() !== '') {
    const parsed = parseExtensionsHeader([options.extensions]);
    if (parsed.problems.length) throw new TypeError(`extensions: ${parsed.problems.join('; ')}`);
    offeredExtensions = parsed.offers;
  }

  const extra = options.headers ?? [];
  for (const header of extra) {
    if (HANDSHAKE_REQUEST_HEADERS.includes(header.name.toLowerCase())) {
      throw new TypeError(`headers may not set ${header.name}: the handshake writes it (use protocols or extensions)`);
    }
  }
  const hostOverride = extra.find((h) => h.name.toLowerCase() === 'host');
  const headers: HttpHeader[] = [
    { name: 'Host', value: hostOverride?.value ?? target.hostHeader },
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Sec-WebSocket-Key', value: key },
    { name: 'Sec-WebSocket-Version', value: WEBSOCKET_VERSION },
  ];
  if (options.origin !== undefined) headers.push({ name: 'Origin', value: options.origin });
  if (protocols.length) headers.push({ name: 'Sec-WebSocket-Protocol', value: protocols.join(', ') });
  if (offeredExtensions.length) headers.push({ name: 'Sec-WebSocket-Extensions', value: formatExtensions(offeredExtensions) });
  headers.push(...extra.filter((h) => h !== hostOverride));

  const request: HttpRequest = { method: 'GET', target: target.path, version: 'HTTP/1.1', headers };
  return {
    url: options.url,
    secure: target.secure,
    host: target.host,
    port: target.port,
    path: target.path,
    key,
    expectedAccept: computeAccept(key),
    request,
    requestBytes: serializeRequest(request),
    offeredProtocols: protocols,
    offeredExtensions,
  };
}

/**
 * A ClientHandshake for a request someone pasted or captured, so its response
 * can be verified too. Returns null when the request has no single key.
 */
export function handshakeFromRequest(request: HttpRequest, secure = false): ClientHandshake | null {
  const keys = headerValues(request.headers, 'sec-websocket-key');
  if (keys.length !== 1) return null;
  const hostHeader = headerValues(request.headers, 'host')[0] ?? '';
  const authority = parseAuthority(hostHeader);
  const host = authority ? authority.host : hostHeader;
  const port = authority?.port ?? (secure ? DEFAULT_PORT.wss : DEFAULT_PORT.ws);
  return {
    url: `${secure ? 'wss' : 'ws'}://${hostHeader}${request.target}`,
    secure,
    host,
    port,
    path: request.target,
    key: keys[0],
    expectedAccept: computeAccept(keys[0]),
    request,
    requestBytes: serializeRequest(request),
    offeredProtocols: headerListItems(request.headers, 'sec-websocket-protocol'),
    offeredExtensions: parseExtensionsHeader(headerValues(request.headers, 'sec-websocket-extensions')).offers,
  };
}

function describeHeader(headers: HttpHeader[], name: string): string {
  const values = headerValues(headers, name);
  if (values.length === 0) return `no ${name} header`;
  if (values.length === 1) return `${name}: ${values[0]}`;
  return `${values.length} ${name} headers: ${values.map((v) => `"${v}"`).join(', ')}`;
}

/**
 * Checks a server's response as RFC 6455 4.1 tells a client to ("the client
 * MUST validate the server's response as follows"): steps 1–6. Every check
 * runs; the first failure is the reason to _Fail the WebSocket Connection_.
 */
export function verifyServerResponse(handshake: ClientHandshake, response: HttpResponse): ResponseVerification {
  const { headers } = response;
  const accepts = headerValues(headers, 'sec-websocket-accept');
  const protocols = headerValues(headers, 'sec-websocket-protocol');
  const extensionValues = headerValues(headers, 'sec-websocket-extensions');
  const extensionParse = parseExtensionsHeader(extensionValues);
  const offeredNames = new Set(handshake.offeredExtensions.map((o) => o.name.toLowerCase()));
  const unoffered = extensionParse.offers.filter((o) => !offeredNames.has(o.name.toLowerCase())).map((o) => o.name);
  const subprotocol = protocols.length === 1 ? protocols[0] : null;

  const checks: HandshakeCheck[] = [
    {
      id: 'status',
      title: 'Status is 101 Switching Protocols',
      passed: response.status === 101,
      found: `${response.status} ${response.reason}`.trim(),
      expected: '101; any other status is handled as plain HTTP (a refusal, a redirect, an authentication request)',
      rfc: '4.1 (response step 1)',
    },
    {
      id: 'upgrade',
      title: 'Upgrade is "websocket"',
      passed: headerHasToken(headers, 'upgrade', 'websocket'),
      found: describeHeader(headers, 'Upgrade'),
      expected: 'Upgrade: websocket (case-insensitive)',
      rfc: '4.1 (response step 2)',
    },
    {
      id: 'connection',
      title: 'Connection includes "upgrade"',
      passed: headerHasToken(headers, 'connection', 'upgrade'),
      found: describeHeader(headers, 'Connection'),
      expected: 'Connection listing the token "Upgrade" (case-insensitive)',
      rfc: '4.1 (response step 3)',
    },
    {
      id: 'accept',
      title: 'Sec-WebSocket-Accept matches the key',
      passed: accepts.length === 1 && accepts[0] === handshake.expectedAccept,
      found: describeHeader(headers, 'Sec-WebSocket-Accept'),
      expected: `Sec-WebSocket-Accept: ${handshake.expectedAccept} (base64 of SHA-1 of "${handshake.key}" + the GUID)`,
      rfc: '4.1 (response step 4), 4.2.2',
    },
    {
      id: 'extensions',
      title: 'Extensions only from those offered',
      passed: extensionParse.problems.length === 0 && unoffered.length === 0,
      found: extensionParse.problems.length
        ? extensionParse.problems.join('; ')
        : unoffered.length
          ? `the server uses ${unoffered.map((n) => `"${n}"`).join(', ')}, which the client did not offer`
          : extensionValues.length
            ? describeHeader(headers, 'Sec-WebSocket-Extensions')
            : 'no extensions in use',
      expected: handshake.offeredExtensions.length
        ? `a subset of the offered ${handshake.offeredExtensions.map((o) => `"${o.name}"`).join(', ')}`
        : 'no Sec-WebSocket-Extensions (none offered)',
      rfc: '4.1 (response step 5), 9.1',
    },
    {
      id: 'subprotocol',
      title: 'Subprotocol only from those offered',
      passed: protocols.length === 0 || (subprotocol !== null && handshake.offeredProtocols.includes(subprotocol)),
      found: protocols.length === 0 ? 'no subprotocol chosen' : describeHeader(headers, 'Sec-WebSocket-Protocol'),
      expected: handshake.offeredProtocols.length
        ? `none, or exactly one of ${handshake.offeredProtocols.map((p) => `"${p}"`).join(', ')}`
        : 'no Sec-WebSocket-Protocol (none offered)',
      rfc: '4.1 (response step 6)',
    },
  ];

  const failed = checks.find((check) => !check.passed);
  if (failed) return { ok: false, checks, reason: `${failed.title}: found ${failed.found}; expected ${failed.expected} (RFC 6455 ${failed.rfc})` };
  return { ok: true, checks, subprotocol, extensions: extensionValues.length ? extensionValues.join(', ') : null };
}
