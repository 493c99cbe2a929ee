// Any session of the capture model (a HAR file's, pasted packets', another
// capture's) written as a pcap file of its own: its bytes in both
// directions at their times and offsets, over a synthesised TCP connection
// between its endpoints (IPv4 ones kept; others replaced by documentation
// addresses, RFC 5737, since the synthesis writes IPv4 only).

import type { CaptureSession, Endpoint } from './capture-model';
import { sessionPieces } from './session-chunks';
import { piecesToPcap } from './tap-pcap';
import type { SynthesisEndpoint } from './tcp-synthesis';

export function sessionToPcap(session: CaptureSession): Uint8Array {
  return piecesToPcap(sessionPieces(session), {
    client: ipv4Endpoint(session.client, { address: '192.0.2.1', port: 49152 }),
    server: ipv4Endpoint(session.server, { address: '192.0.2.2', port: 80 }),
  });
}

function ipv4Endpoint(endpoint: Endpoint, fallback: SynthesisEndpoint): SynthesisEndpoint {
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(endpoint.address) && endpoint.address !== '0.0.0.0';
  return { address: ipv4 ? endpoint.address : fallback.address, port: endpoint.port > 0 ? endpoint.port : fallback.port };
}
