// The proxy's connection to its target: TCP for ws://, TLS over TCP for
// wss:// (RFC 6455 3, 4.1: "If /secure/ is true, the client MUST perform a
// TLS handshake over the connection after opening the connection and before
// sending the handshake data"), and why it failed, in words a person can
// act on.

import { isIP, connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type SecureContextOptions } from 'node:tls';
import type { ProxyTarget } from './proxy-target';

export interface TargetTlsOptions {
  /**
   * Skip verifying the target's certificate and host name (--insecure).
   * Anyone between the proxy and the target can then read and change
   * everything: for a target with a self-signed certificate on a test
   * machine, never beyond.
   */
  insecure?: boolean;
  /** CAs to trust for the target instead of Node's bundled ones (--ca FILE), PEM. */
  ca?: SecureContextOptions['ca'];
}

export interface TargetConnection {
  socket: Socket;
  /** Resolves once bytes can go to the target (after the TLS handshake for wss://); rejects with a TargetUnreachable. */
  ready: Promise<void>;
}

/** Why the target could not be reached; `message` names the problem for the 502 body. */
export class TargetUnreachable extends Error {
  constructor(
    message: string,
    /** True when the target's TLS certificate or host name was not accepted. */
    readonly certificate: boolean,
  ) {
    super(message);
    this.name = 'TargetUnreachable';
  }
}

/** Starts connecting; the socket is there at once, so a caller can destroy it at any time. */
export function connectToTarget(target: ProxyTarget, tls: TargetTlsOptions): TargetConnection {
  const socket = target.secure
    ? connectTls({
        host: target.hostname,
        port: target.port,
        // SNI takes a host name only (RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted").
        servername: isIP(target.hostname) ? undefined : target.hostname,
        // RFC 6455 4.1: the handshake is HTTP/1.1, whatever else the server speaks.
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: !tls.insecure,
        ca: tls.ca,
      })
    : connectTcp({ host: target.hostname, port: target.port });
  socket.setNoDelay(true);
  const ready = new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(describeFailure(error, target, tls));
    socket.once('error', failed);
    socket.once(target.secure ? 'secureConnect' : 'connect', () => {
      socket.off('error', failed);
      resolve();
    });
  });
  // A caller that destroys the socket first has stopped waiting.
  ready.catch(() => {});
  return { socket, ready };
}

/** OpenSSL's verification codes, as Node reports them, and Node's own for a host name the certificate does not name. */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|ISSUER|SIGNATURE|VERIFY|CHAIN/;

function describeFailure(error: NodeJS.ErrnoException, target: ProxyTarget, tls: TargetTlsOptions): TargetUnreachable {
  const where = `${target.authority}`;
  const code = error.code ?? '';
  if (target.secure && CERTIFICATE_CODE.test(code)) {
    const remedy = tls.ca ? 'it is not signed by the CA given with --ca' : 'give its CA with --ca FILE, or --insecure to skip the check (test machines only)';
    return new TargetUnreachable(`the target's TLS certificate was not accepted: ${error.message} (${code}); ${remedy}`, true);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new TargetUnreachable(`${where} refused the connection (ECONNREFUSED): nothing listens there`, false);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TargetUnreachable(`the name ${target.hostname} does not resolve (${code})`, false);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TargetUnreachable(`${where} cannot be reached from here (${code})`, false);
    case 'ECONNRESET':
      return new TargetUnreachable(`${where} reset the connection${target.secure ? ' during the TLS handshake' : ''} (ECONNRESET)`, false);
    default:
      if (target.secure && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
        return new TargetUnreachable(`the TLS handshake with ${where} failed: ${error.message} (${code}); is it a wss:// server?`, false);
      }
      return new TargetUnreachable(`cannot connect to ${where}: ${error.message}${code ? ` (${code})` : ''}`, false);
  }
}
