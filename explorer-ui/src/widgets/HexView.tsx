// Bytes as a classic hex dump: offset, 16 bytes, their printable ASCII.
// A long dump scrolls inside a fixed window and only the rows in view (and a
// few around them) are in the DOM, so a 1 MiB payload is about forty rows of
// nodes, not a million, and every byte can still be scrolled to.

import { useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHex } from '../../../engine/hex';

const BYTES_PER_ROW = 16;
/** Rows the scroll window shows; dumps up to this long are drawn whole. */
const WINDOW_ROWS = 24;
/** Rows drawn beyond each edge of the window, so fast scrolling rarely shows a gap. */
const OVERSCAN_ROWS = 8;
/**
 * Browsers cap an element's height near 2^25 px; at about 20 px a row this
 * keeps the scroll area well inside it (16 MiB of bytes, the decoder's file limit).
 */
const MAX_ROWS = 1 << 20;

export function HexView({ bytes, startOffset = 0, label }: { bytes: Uint8Array; startOffset?: number; label: string }) {
  const { t } = useTranslation();
  const rowCount = Math.min(Math.ceil(bytes.length / BYTES_PER_ROW), MAX_ROWS);
  const notDrawn = bytes.length - rowCount * BYTES_PER_ROW;
  return (
    <div className="hex-view" role="group" aria-label={label}>
      {rowCount === 0 ? <p className="muted">{t('hex.noBytes')}</p>
        : rowCount <= WINDOW_ROWS ? (
          <pre className="hex-view__rows">
            {Array.from({ length: rowCount }, (_, row) => <HexRow key={row} bytes={bytes} row={row} startOffset={startOffset} />)}
          </pre>
        ) : <ScrollingRows bytes={bytes} rowCount={rowCount} startOffset={startOffset} />}
      {notDrawn > 0 ? <p className="muted">{t('hex.notDrawn', { size: notDrawn.toLocaleString('en') })}</p> : null}
    </div>
  );
}

function ScrollingRows({ bytes, rowCount, startOffset }: { bytes: Uint8Array; rowCount: number; startOffset: number }) {
  const { t } = useTranslation();
  const probe = useRef<HTMLSpanElement>(null);
  // Whole pixels, so row n sits at exactly n × height however far down it is.
  const [rowHeight, setRowHeight] = useState(20);
  const [firstVisible, setFirstVisible] = useState(0);

  // The height follows the type size (large type for projectors), so it is measured, not assumed.
  useLayoutEffect(() => {
    const measured = Math.ceil(probe.current?.getBoundingClientRect().height ?? 0);
    if (measured > 0 && measured !== rowHeight) setRowHeight(measured);
  });

  const onScroll = (event: UIEvent<HTMLDivElement>) => setFirstVisible(Math.floor(event.currentTarget.scrollTop / rowHeight));
  const from = Math.max(0, firstVisible - OVERSCAN_ROWS);
  const to = Math.min(rowCount, firstVisible + WINDOW_ROWS + OVERSCAN_ROWS);

  return (
    <div
      className="hex-view__rows hex-view__scroll"
      style={{ height: WINDOW_ROWS * rowHeight }}
      onScroll={onScroll}
      // Reachable by keyboard: arrow keys and Page Down scroll it.
      tabIndex={0}
      data-testid="hex-scroll"
      aria-description={t('hex.rows', { size: rowCount.toLocaleString('en') })}
    >
      <span ref={probe} className="hex-view__probe" aria-hidden="true">0</span>
      <pre className="hex-view__canvas" style={{ height: rowCount * rowHeight }}>
        {Array.from({ length: to - from }, (_, i) => {
          const row = from + i;
          return <HexRow key={row} bytes={bytes} row={row} startOffset={startOffset} style={{ top: row * rowHeight, height: rowHeight }} />;
        })}
      </pre>
    </div>
  );
}

function HexRow({ bytes, row, startOffset, style }: { bytes: Uint8Array; row: number; startOffset: number; style?: React.CSSProperties }) {
  const at = row * BYTES_PER_ROW;
  const slice = bytes.subarray(at, at + BYTES_PER_ROW);
  return (
    <span className="hex-view__row" style={style} data-row={row}>
      <span className="hex-view__offset">{(startOffset + at).toString(16).padStart(8, '0')}</span>
      <span className="hex-view__hex">{formatHex(slice).padEnd(BYTES_PER_ROW * 3 - 1, ' ')}</span>
      <span className="hex-view__ascii">{printable(slice)}</span>
      {'\n'}
    </span>
  );
}

function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
  return out;
}
