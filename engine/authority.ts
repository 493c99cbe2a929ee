// host[:port], as a Host header, an Origin or a ws:// URL carries it
// (RFC 3986 3.2.2 and 3.2.3; RFC 9110 7.2): a registered name or an IPv4
// address, or an IPv6 address in brackets, then an optional decimal port.
// Every place that reads one (the same-origin check, the client's URL, a
// captured request, the command demo's origin rule) reads it here.

export interface Authority {
  /** Lowercased, without brackets: "example.com", "127.0.0.1", "::1". */
  host: string;
  /** True for an IPv6 literal, written in brackets. */
  ipv6: boolean;
  /** The port as written, or null when none was ("host" or "host:"). */
  port: number | null;
}

/** Reads host[:port]; null when `text` is not one (user info, a path, stray brackets). Callers judge the port's range. */
export function parseAuthority(text: string): Authority | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:@/?#\s[\]]+))(?::(\d*))?$/.exec(text);
  if (!match) return null;
  const digits = match[3];
  const port = digits ? Number(digits) : null;
  return { host: (match[1] ?? match[2]).toLowerCase(), ipv6: match[1] !== undefined, port };
}

/** The host as it goes back into a Host header or URL: IPv6 literals in brackets. */
export function formatHost({ host, ipv6 }: Authority): string {
  return ipv6 ? `[${host}]` : host;
}
