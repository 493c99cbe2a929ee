// Bytes as a classic hex dump: offset, 16 bytes, their printable ASCII.
// Large inputs show their first `limit` bytes only, so a 1 MiB payload does
// not become a million DOM nodes.

import { formatHex } from '../../../engine/hex';

const BYTES_PER_ROW = 16;

export function HexView({ bytes, limit = 4096, startOffset = 0, label }: { bytes: Uint8Array; limit?: number; startOffset?: number; label: string }) {
  const shown = bytes.subarray(0, limit);
  const rows: { offset: number; hex: string; ascii: string }[] = [];
  for (let at = 0; at < shown.length; at += BYTES_PER_ROW) {
    const row = shown.subarray(at, at + BYTES_PER_ROW);
    rows.push({ offset: startOffset + at, hex: formatHex(row), ascii: printable(row) });
  }
  return (
    <div className="hex-view" role="group" aria-label={label}>
      {rows.length === 0 ? <p className="muted">(no bytes)</p> : (
        <pre className="hex-view__rows">
          {rows.map((row) => (
            <span className="hex-view__row" key={row.offset}>
              <span className="hex-view__offset">{row.offset.toString(16).padStart(8, '0')}</span>
              <span className="hex-view__hex">{row.hex.padEnd(BYTES_PER_ROW * 3 - 1, ' ')}</span>
              <span className="hex-view__ascii">{row.ascii}</span>
              {'\n'}
            </span>
          ))}
        </pre>
      )}
      {bytes.length > limit ? <p className="muted">… and {(bytes.length - limit).toLocaleString('en')} more bytes not drawn.</p> : null}
    </div>
  );
}

function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
  return out;
}
