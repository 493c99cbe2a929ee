// wsx accept KEY [--json]
// Derives Sec-WebSocket-Accept from a Sec-WebSocket-Key, step by step, as a
// short lesson (RFC 6455 1.3 and 4.2.2). An invalid key is still derived,
// with the reason a server would refuse it.
// Exit 0: valid key; 1: the key is not base64 of 16 bytes; 2: usage.

import { deriveAcceptKey, type AcceptKeyDerivation } from '../../engine/accept-key';
import { bytesToHex } from '../../engine/hex';
import { writeError, writeOut } from './output';

const USAGE = `usage: wsx accept KEY [--json]
  KEY     a Sec-WebSocket-Key, e.g. dGhlIHNhbXBsZSBub25jZQ== (the RFC's sample)
  --json  one JSON document: {key, keyValid, guid, concatenated, sha1Hex, accept}
exit status: 0 a valid key, 1 the key is not base64 of 16 bytes (still derived), 2 usage
`;

/** The CLI contract's JSON document (docs/architecture.md): exactly these fields. */
export interface AcceptJson {
  key: string;
  keyValid: boolean;
  guid: string;
  concatenated: string;
  sha1Hex: string;
  accept: string;
}

export function acceptJson(derivation: AcceptKeyDerivation): AcceptJson {
  const { key, keyValid, guid, concatenated, sha1Hex, accept } = derivation;
  return { key, keyValid, guid, concatenated, sha1Hex, accept };
}

function parseArgs(args: string[]): { json: boolean; key: string } | 'help' | string {
  let json = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') json = true;
    else if (arg === '--') positional.push(...args.slice(i + 1)), (i = args.length);
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length === 0) return 'give the Sec-WebSocket-Key to derive from';
  if (positional.length > 1) return `give one key, not ${positional.length} (${positional.map((p) => `"${p}"`).join(' ')})`;
  return { json, key: positional[0] };
}

/** Hex bytes separated by spaces, in groups of `group` bytes separated by two spaces. */
function groupedHex(bytes: Uint8Array, group: number): string {
  const pairs = bytesToHex(bytes).match(/../g) ?? [];
  const groups: string[] = [];
  for (let i = 0; i < pairs.length; i += group) groups.push(pairs.slice(i, i + group).join(' '));
  return groups.join('  ');
}

export function renderLesson(d: AcceptKeyDerivation): string {
  const concatenatedBytes = new TextEncoder().encode(d.concatenated).length;
  const lines = [
    `Sec-WebSocket-Accept for Sec-WebSocket-Key "${d.key}"`,
    'RFC 6455 section 4.2.2 (step 5.4), with the worked example in section 1.3',
    '',
    '1. Start from the client\'s key, the Sec-WebSocket-Key header (RFC 6455 4.1 step 7):',
    `     ${d.key}`,
  ];
  if (d.keyBytes) lines.push(`   It is base64 for ${d.keyBytes.length} byte${d.keyBytes.length === 1 ? '' : 's'}:`, `     ${groupedHex(d.keyBytes, 4) || '(none)'}`);
  if (d.keyValid) {
    lines.push('   Valid: base64 of exactly 16 random bytes (RFC 6455 4.2.1 step 5).');
  } else {
    lines.push(
      `   NOT VALID: ${d.keyProblem}.`,
      '   A conforming server refuses this handshake with 400 Bad Request (RFC 6455 4.2.1 step 5);',
      '   the steps below show what a server that skipped the check would compute.',
    );
  }
  lines.push(
    '',
    `2. Append the GUID ${d.guid} (RFC 6455 1.3).`,
    '   The key is used as text, exactly as received; it is never decoded for this:',
    `     ${d.concatenated}`,
    `   (${concatenatedBytes} bytes)`,
    '',
    '3. Hash those bytes with SHA-1 (RFC 3174), giving 20 bytes:',
    `     ${groupedHex(d.sha1, 4)}`,
    '',
    '4. Encode the 20 bytes in base64 (RFC 4648 section 4). That is the accept value:',
    `     ${d.accept}`,
    '',
    'The server answers with',
    `     Sec-WebSocket-Accept: ${d.accept}`,
    'and the client computes the same value from its own key and compares (RFC 6455 4.1);',
    'a mismatch means the client must fail the connection.',
    '',
  );
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    await writeOut(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    await writeError(`wsx accept: ${parsed}\n${USAGE}`);
    return 2;
  }
  const derivation = deriveAcceptKey(parsed.key);
  if (parsed.json) {
    await writeOut(`${JSON.stringify(acceptJson(derivation), null, 2)}\n`);
  } else {
    await writeOut(renderLesson(derivation));
  }
  if (!derivation.keyValid) {
    if (parsed.json) await writeError(`wsx accept: invalid key: ${derivation.keyProblem}\n`);
    return 1;
  }
  return 0;
}
