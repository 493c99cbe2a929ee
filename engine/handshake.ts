// The server's side of the opening handshake (RFC 6455 4.2), as gorilla's
// Upgrader.Upgrade() does it, but as values: every check is a named step that
// says what it found, what the RFC expects and where the rule is, and the
// answer is either the 101 response or the refusal a server sends.
//
// All checks run even after one fails, because a person learning the
// protocol wants to see all of them; the first failing check (in the order
// below, which follows RFC 6455 4.2.1) decides the status.

import { formatHost, parseAuthority } from './authority';
import { deriveAcceptKey, type AcceptKeyDerivation } from './accept-key';
import { parseExtensionsHeader, type ExtensionOffer } from './extensions-header';
import {
  headerHasToken,
  headerListItems,
  headerValues,
  isToken,
  serializeResponse,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
} from './http-message';

export interface HandshakeCheck {
  /** Stable identifier, e.g. 'connection' or 'key', for tests and the UI. */
  id: string;
  title: string;
  passed: boolean;
  /** What the message actually carried, in words. */
  found: string;
  /** What the rule asks for. */
  expected: string;
  /** RFC 6455 section (or another RFC, named) stating the rule. */
  rfc: string;
  /** The status a server refuses with when this check fails. */
  failStatus?: number;
}

export interface UpgradePolicy {
  /** Subprotocols the server speaks, in its order of preference. */
  subprotocols?: string[];
  /** Default: same origin as Host; a request with no Origin (not a browser) is allowed, as gorilla does. */
  checkOrigin?: (origin: string | null, request: HttpRequest) => boolean;
  /** Value for the response's Sec-WebSocket-Extensions, or null; default: none accepted. */
  acceptExtensions?: (offers: ExtensionOffer[]) => string | null;
  /** More headers for the 101 response (not the handshake's own). */
  extraHeaders?: HttpHeader[];
}

export type UpgradeDecision =
  | {
      accepted: true;
      checks: HandshakeCheck[];
      derivation: AcceptKeyDerivation;
      subprotocol: string | null;
      extensions: string | null;
      offers: ExtensionOffer[];
      response: HttpResponse;
      responseBytes: Uint8Array;
    }
  | {
      accepted: false;
      checks: HandshakeCheck[];
      status: number;
      reason: string;
      /** The accept-key trace when the request carried exactly one key, valid or not, for display. */
      derivation: AcceptKeyDerivation | null;
      response: HttpResponse;
      responseBytes: Uint8Array;
      /** The plain-text body of the refusal: the reason, then every failed check. */
      body: string;
    };

export const WEBSOCKET_VERSION = '13';

export const STATUS_REASONS: Readonly<Record<number, string>> = {
  101: 'Switching Protocols',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

/** Headers the handshake itself writes; a policy may not set them on the side. */
const HANDSHAKE_RESPONSE_HEADERS = ['upgrade', 'connection', 'sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions'];

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443 };

function quoteList(values: string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function describeHeader(headers: HttpHeader[], name: string): string {
  const values = headerValues(headers, name);
  if (values.length === 0) return `no ${name} header`;
  if (values.length === 1) return `${name}: ${values[0]}`;
  return `${values.length} ${name} headers: ${quoteList(values)}`;
}

/** "host:port" with the port made explicit, lowercased; null when `text` is not host[:port]. */
function normalizeAuthority(text: string, defaultPort: number): string | null {
  const authority = parseAuthority(text);
  if (!authority) return null;
  return `${formatHost(authority)}:${authority.port ?? defaultPort}`;
}

/**
 * gorilla's checkSameOrigin: allow a request without Origin (not a browser),
 * else the Origin's host and port must equal the Host header's, compared
 * case-insensitively, with default ports (80, 443) filled in.
 */
export function isSameOrigin(origin: string | null, request: HttpRequest): boolean {
  if (origin === null) return true;
  const hosts = headerValues(request.headers, 'host');
  if (hosts.length !== 1) return false;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/([^/?#]*)$/.exec(origin.trim());
  if (!match) return false; // includes the opaque origin "null"
  const defaultPort = DEFAULT_PORTS[match[1].toLowerCase()];
  if (!defaultPort) return false;
  const fromOrigin = normalizeAuthority(match[2], defaultPort);
  return fromOrigin !== null && fromOrigin === normalizeAuthority(hosts[0], defaultPort);
}

function checkMethod(request: HttpRequest): HandshakeCheck {
  return {
    id: 'method',
    title: 'Method is GET',
    passed: request.method === 'GET',
    found: request.method === 'GET' ? 'GET' : `${request.method}${request.method.toUpperCase() === 'GET' ? ' (methods are case-sensitive)' : ''}`,
    expected: 'GET',
    rfc: '4.2.1 step 1',
    failStatus: 405,
  };
}

function checkHttpVersion(request: HttpRequest): HandshakeCheck {
  const match = /^HTTP\/(\d+)\.(\d+)$/.exec(request.version);
  const passed = match !== null && (Number(match[1]) > 1 || (match[1] === '1' && Number(match[2]) >= 1));
  return { id: 'http-version', title: 'HTTP/1.1 or later', passed, found: request.version, expected: 'HTTP/1.1 or higher', rfc: '4.2.1 step 1', failStatus: 400 };
}

function checkHost(request: HttpRequest): HandshakeCheck {
  const hosts = headerValues(request.headers, 'host');
  return {
    id: 'host',
    title: 'Exactly one Host header',
    passed: hosts.length === 1 && hosts[0].length > 0,
    found: hosts.length === 1 && hosts[0].length === 0 ? 'an empty Host header' : describeHeader(request.headers, 'Host'),
    expected: "one Host header with the server's authority (RFC 9112 3.2 requires a 400 otherwise)",
    rfc: '4.2.1 step 2',
    failStatus: 400,
  };
}

function checkConnection(request: HttpRequest): HandshakeCheck {
  return {
    id: 'connection',
    title: 'Connection includes the "upgrade" token',
    passed: headerHasToken(request.headers, 'connection', 'upgrade'),
    found: describeHeader(request.headers, 'Connection'),
    expected: 'Connection listing the token "Upgrade" (case-insensitive, anywhere in the list, e.g. "keep-alive, Upgrade")',
    rfc: '4.2.1 step 4',
    failStatus: 400,
  };
}

function checkUpgrade(request: HttpRequest): HandshakeCheck {
  return {
    id: 'upgrade',
    title: 'Upgrade includes "websocket"',
    passed: headerHasToken(request.headers, 'upgrade', 'websocket'),
    found: describeHeader(request.headers, 'Upgrade'),
    expected: 'Upgrade: websocket (case-insensitive)',
    rfc: '4.2.1 step 3',
    failStatus: 400,
  };
}

function checkWebSocketVersion(request: HttpRequest): HandshakeCheck {
  const values = headerValues(request.headers, 'sec-websocket-version');
  return {
    id: 'websocket-version',
    title: 'Sec-WebSocket-Version is 13',
    passed: values.length === 1 && values[0] === WEBSOCKET_VERSION,
    found:
      values.length === 0
        ? 'no Sec-WebSocket-Version header (a pre-RFC 6455 client, such as hixie-76?)'
        : describeHeader(request.headers, 'Sec-WebSocket-Version'),
    expected: `Sec-WebSocket-Version: ${WEBSOCKET_VERSION}; otherwise 426 with "Sec-WebSocket-Version: ${WEBSOCKET_VERSION}" naming what the server speaks`,
    rfc: '4.2.1 step 6, 4.2.2 step 4, 4.4',
    failStatus: 426,
  };
}

function checkKey(request: HttpRequest): { check: HandshakeCheck; derivation: AcceptKeyDerivation | null } {
  const keys = headerValues(request.headers, 'sec-websocket-key');
  const base = {
    id: 'key',
    title: 'Sec-WebSocket-Key is base64 of 16 bytes',
    expected: 'exactly one Sec-WebSocket-Key: 24 base64 characters encoding 16 random bytes',
    rfc: '4.2.1 step 5, 11.3.1',
    failStatus: 400,
  };
  if (keys.length !== 1) {
    return { check: { ...base, passed: false, found: describeHeader(request.headers, 'Sec-WebSocket-Key') }, derivation: null };
  }
  const derivation = deriveAcceptKey(keys[0]);
  const found = derivation.keyValid ? `Sec-WebSocket-Key: ${keys[0]} (16 bytes)` : `Sec-WebSocket-Key: ${keys[0]}: ${derivation.keyProblem}`;
  return { check: { ...base, passed: derivation.keyValid, found }, derivation };
}

function checkOrigin(request: HttpRequest, policy: UpgradePolicy): HandshakeCheck {
  const origins = headerValues(request.headers, 'origin');
  const origin = origins.length === 0 ? null : origins[0];
  const custom = policy.checkOrigin !== undefined;
  const allowed = origins.length <= 1 && (policy.checkOrigin ?? isSameOrigin)(origin, request);
  const host = headerValues(request.headers, 'host')[0] ?? '(no Host)';
  return {
    id: 'origin',
    title: 'Origin is allowed',
    passed: allowed,
    found:
      origins.length > 1
        ? describeHeader(request.headers, 'Origin')
        : origin === null
          ? 'no Origin header (not a browser; allowed)'
          : `Origin: ${origin}, Host: ${host}`,
    expected: custom ? "an origin the server's policy allows" : 'no Origin, or an Origin with the same host and port as Host (same-origin policy)',
    rfc: '4.2.2 step 4, 10.2',
    failStatus: 403,
  };
}

function checkSubprotocol(request: HttpRequest, policy: UpgradePolicy): { check: HandshakeCheck; subprotocol: string | null } {
  const offered = headerListItems(request.headers, 'sec-websocket-protocol');
  const supported = policy.subprotocols ?? [];
  const invalid = offered.filter((p) => !isToken(p));
  // RFC 4.2.2 step 4 /subprotocol/: the server picks one of the client's
  // values; like gorilla, the server's own preference order decides.
  const subprotocol = invalid.length ? null : (supported.find((p) => offered.includes(p)) ?? null);
  let found: string;
  if (invalid.length) found = `offered ${quoteList(offered)}, of which ${quoteList(invalid)} ${invalid.length > 1 ? 'are not tokens' : 'is not a token'}`;
  else if (offered.length === 0) found = 'no subprotocol offered; none chosen';
  else if (subprotocol === null) found = `offered ${quoteList(offered)}; the server speaks ${supported.length ? quoteList(supported) : 'none'}, so none is chosen (the client decides whether to go on)`;
  else found = `offered ${quoteList(offered)}; chose "${subprotocol}" (the server's first preference among them)`;
  return {
    check: {
      id: 'subprotocol',
      title: 'Subprotocol selection',
      passed: invalid.length === 0,
      found,
      expected: 'offered subprotocols are tokens; the server answers with at most one of them',
      rfc: '4.1 step 10, 4.2.2 step 4',
      failStatus: 400,
    },
    subprotocol,
  };
}

function checkExtensions(request: HttpRequest, policy: UpgradePolicy): { check: HandshakeCheck; offers: ExtensionOffer[]; accepted: string | null } {
  const values = headerValues(request.headers, 'sec-websocket-extensions');
  const { offers, problems } = parseExtensionsHeader(values);
  const accepted = problems.length === 0 && policy.acceptExtensions ? policy.acceptExtensions(offers) : null;
  let found: string;
  if (problems.length) found = problems.join('; ');
  else if (offers.length === 0) found = 'no extensions offered';
  else {
    const described = offers.map((o) => [o.name, ...o.params.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`))].join('; '));
    found = `offered ${quoteList(described)}; ${accepted === null ? 'none accepted' : `accepted "${accepted}"`}`;
  }
  return {
    check: {
      id: 'extensions',
      title: 'Extension offers parse',
      passed: problems.length === 0,
      found,
      expected: 'Sec-WebSocket-Extensions following the 9.1 grammar; the server accepts any, some or none',
      rfc: '9.1, 4.2.2 step 4',
      failStatus: 400,
    },
    offers,
    accepted,
  };
}

function explainFailure(check: HandshakeCheck): string {
  return `${check.title}: found ${check.found}; expected ${check.expected} (RFC 6455 ${check.rfc})`;
}

/**
 * A refusal as a server sends it: plain-text body saying why, Content-Type,
 * Connection: close (the connection is not reused after a failed upgrade).
 * Also for refusals that happen before any check, e.g. 431 from the parser
 * or 503 when the server is full. Throws on a status that is not 4xx/5xx.
 */
export function refusal(
  status: number,
  reason: string,
  extraHeaders: HttpHeader[] = [],
): { response: HttpResponse; responseBytes: Uint8Array; body: string } {
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`a refusal needs a 4xx or 5xx status, got ${status}`);
  const body = reason.endsWith('\n') ? reason : `${reason}\n`;
  // RFC 9110 7.8: whoever sends Upgrade also lists "upgrade" in Connection.
  const connection = extraHeaders.some((h) => h.name.toLowerCase() === 'upgrade') ? 'Upgrade, close' : 'close';
  const response: HttpResponse = {
    version: 'HTTP/1.1',
    status,
    reason: STATUS_REASONS[status] ?? 'Error',
    headers: [
      { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
      { name: 'Content-Length', value: String(new TextEncoder().encode(body).length) },
      { name: 'Connection', value: connection },
      ...extraHeaders,
    ],
  };
  return { response, responseBytes: serializeResponse(response, body), body };
}

/**
 * Runs the server's upgrade checks on a parsed request and builds the answer:
 * the 101 response to write before switching to frames, or a refusal to write
 * before closing. Throws only when the policy itself is misused.
 */
export function evaluateUpgrade(request: HttpRequest, policy: UpgradePolicy = {}): UpgradeDecision {
  const extraHeaders = policy.extraHeaders ?? [];
  for (const header of extraHeaders) {
    if (HANDSHAKE_RESPONSE_HEADERS.includes(header.name.toLowerCase())) {
      throw new RangeError(`extraHeaders may not set ${header.name}: the handshake writes it (use the policy's subprotocols or acceptExtensions)`);
    }
  }

  const key = checkKey(request);
  const subprotocol = checkSubprotocol(request, policy);
  const extensions = checkExtensions(request, policy);
  const checks: HandshakeCheck[] = [
    checkMethod(request),
    checkHttpVersion(request),
    checkHost(request),
    checkConnection(request),
    checkUpgrade(request),
    checkWebSocketVersion(request),
    key.check,
    checkOrigin(request, policy),
    subprotocol.check,
    extensions.check,
  ];

  const failed = checks.filter((check) => !check.passed);
  if (failed.length > 0 || key.derivation === null) {
    const first = failed[0];
    const status = first.failStatus ?? 400;
    const reason = explainFailure(first);
    const extra: HttpHeader[] = [];
    // RFC 9110 15.5.6: a 405 "MUST generate an Allow header field".
    if (status === 405) extra.push({ name: 'Allow', value: 'GET' });
    // RFC 6455 4.2.2 /version/ and 4.4: name the versions this server
    // understands; RFC 9110 15.5.22: a 426 "MUST send an Upgrade header field".
    if (status === 426) extra.push({ name: 'Sec-WebSocket-Version', value: WEBSOCKET_VERSION }, { name: 'Upgrade', value: 'websocket' });
    const body = [`${status} ${STATUS_REASONS[status] ?? ''}: the WebSocket handshake was refused.`, ...failed.map((check) => `- ${explainFailure(check)}`)].join('\n');
    return { accepted: false, checks, status, reason, derivation: key.derivation, ...refusal(status, body, extra) };
  }

  const headers: HttpHeader[] = [
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Sec-WebSocket-Accept', value: key.derivation.accept },
  ];
  if (subprotocol.subprotocol !== null) headers.push({ name: 'Sec-WebSocket-Protocol', value: subprotocol.subprotocol });
  if (extensions.accepted !== null) headers.push({ name: 'Sec-WebSocket-Extensions', value: extensions.accepted });
  headers.push(...extraHeaders);
  const response: HttpResponse = { version: 'HTTP/1.1', status: 101, reason: STATUS_REASONS[101], headers };
  return {
    accepted: true,
    checks,
    derivation: key.derivation,
    subprotocol: subprotocol.subprotocol,
    extensions: extensions.accepted,
    offers: extensions.offers,
    response,
    responseBytes: serializeResponse(response),
  };
}
