// Who may talk to the explorer's server, beyond what RFC 6455 asks.
//
// Two threats, both real on a classroom LAN:
// - DNS rebinding: a page on evil.example re-points its name at 127.0.0.1,
//   and its requests then carry `Host: evil.example` and pass a same-origin
//   check against that host. So every request must name a host this server
//   answers to: an IP literal (a rebinding needs a name), localhost, the
//   name it was bound to, or one the operator allowed (--allow-host).
// - Everyone's bytes: the tap shows every session, and the API describes the
//   server. On any bind but loopback, those need the token the server prints
//   at start, given as `?token=` (a browser's WebSocket cannot set headers)
//   or `Authorization: Bearer`.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseAuthority } from '../engine/authority';

export interface AccessPolicyOptions {
  /** The address the server listens on. */
  bindHost: string;
  /** Host names allowed besides IP literals, localhost and the bound name. */
  allowHosts?: readonly string[];
  /** The token for non-loopback binds; a fresh random one when absent. */
  token?: string;
}

export interface Refusal {
  status: number;
  reason: string;
}

export class AccessPolicy {
  /** Null on a loopback bind, where only this machine can connect. */
  readonly token: string | null;
  private readonly allowedNames: Set<string>;

  constructor(options: AccessPolicyOptions) {
    this.token = isLoopbackHost(options.bindHost) ? null : (options.token ?? randomBytes(18).toString('base64url'));
    this.allowedNames = new Set(['localhost', options.bindHost, ...(options.allowHosts ?? [])].map((name) => name.toLowerCase()));
  }

  /** A request's Host header: refused (403) unless it names this server. A request without one cannot be a rebinding browser's. */
  checkHost(hostHeader: string | undefined): Refusal | null {
    if (hostHeader === undefined) return null;
    const authority = parseAuthority(hostHeader.trim());
    if (authority && (authority.ipv6 || isIpv4(authority.host) || this.allowedNames.has(authority.host) || authority.host.endsWith('.localhost'))) return null;
    return {
      status: 403,
      reason: `Host ${JSON.stringify(hostHeader)} is not a name this server answers to (a guard against DNS rebinding); the operator can allow it with --allow-host`,
    };
  }

  /** A protected resource (the tap, the API): refused (401) without the token on a non-loopback bind. */
  checkToken(url: URL, authorization: string | undefined): Refusal | null {
    if (this.token === null) return null;
    const offered = url.searchParams.get('token') ?? /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? null;
    if (offered !== null && sameSecret(offered, this.token)) return null;
    return { status: 401, reason: 'this server listens beyond loopback: add the token it printed at start (?token=…)' };
  }
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback, as a socket reports its peer. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || (isIpv4(v4) && v4.startsWith('127.'));
}

/** True for an address or name that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

function isIpv4(host: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host);
}

/** Compares in time that does not depend on where the strings differ. */
function sameSecret(offered: string, token: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
