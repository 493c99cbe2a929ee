// A unit's bytes as cells: tinted by the header field each carries, with
// where the reading stands. On the wire the bytes before `cursor` are gone
// (delivered) and the cursor's byte goes next; at a reader they are in, and
// the last one in is the byte just read.

import { useTranslation } from 'react-i18next';
import { formatHex } from '../../../../engine/hex';
import type { FieldName } from '../../../../engine/frame-model';
import { fieldClass } from '../../widgets/field-palette';
import { byteWindow, headChar } from './byte-cells';

export interface ByteCellsProps {
  bytes: Uint8Array;
  /** Bytes delivered so far. */
  cursor: number;
  /** 'wire': delivered bytes have left, the cursor's byte is next. 'reader': delivered bytes are in, the one before the cursor was just read. */
  mode: 'wire' | 'reader';
  fields: readonly FieldName[][];
  /** Show each byte's character too (an HTTP head). */
  chars?: boolean;
  /** Mark the cursor's byte as the next to go (only the unit at the front of the wire). */
  markNext?: boolean;
  windowSize?: number;
  testId?: string;
}

export function ByteCells({ bytes, cursor, mode, fields, chars = false, markNext = true, windowSize = 40, testId }: ByteCellsProps) {
  const { t } = useTranslation();
  const focus = mode === 'wire' ? cursor : Math.max(0, cursor - 1);
  const { start, end } = byteWindow(bytes.length, focus, windowSize);
  const hex = formatHex(bytes.subarray(start, end)).split(' ');
  return (
    <div className="sim-bytes" data-testid={testId}>
      {start > 0 ? <span className="sim-bytes__more muted">{t('simulation.wire.before', { count: start })}</span> : null}
      <ol className="sim-bytes__list" start={start}>
        {bytes.length === 0 ? null : hex.map((digits, i) => {
          const at = start + i;
          const names = fields[at] ?? [];
          const single = names.length === 1 ? fieldClass(names[0]) : names.length > 1 ? 'sim-byte--mixed' : '';
          const stand =
            mode === 'wire' ? (at < cursor ? 'sim-byte--gone' : at === cursor && markNext ? 'sim-byte--next' : '')
              : at < cursor - 1 ? '' : at === cursor - 1 ? 'sim-byte--just-read' : at === cursor ? 'sim-byte--pending sim-byte--upcoming' : 'sim-byte--pending';
          const where = mode === 'wire' ? (at < cursor ? 'delivered' : at === cursor && markNext ? 'next' : 'onWire') : at < cursor - 1 ? 'read' : at === cursor - 1 ? 'justRead' : 'notArrived';
          return (
            <li
              key={at}
              className={`sim-byte ${single} ${stand}`}
              title={t('simulation.wire.byteTitle', {
                offset: at,
                hex: digits,
                names: names.length ? ` · ${names.map((name) => t(`fieldNames.${name}`)).join(t('anatomy.listSeparator'))}` : '',
                where: t(`simulation.wire.where.${where}`),
              })}
              data-state={stand.replace(/sim-byte--/g, '') || 'plain'}
              data-mark={where === 'next' || where === 'justRead' ? t(`simulation.wire.marks.${where}`) : undefined}
            >
              <span className="sim-byte__hex">{digits}</span>
              {chars ? <span className={`sim-byte__char${headChar(bytes[at]).length > 1 ? ' sim-byte__char--named' : ''}`}>{headChar(bytes[at])}</span> : null}
              <span className="sim-byte__offset" aria-hidden="true">{at}</span>
            </li>
          );
        })}
      </ol>
      {end < bytes.length ? <span className="sim-bytes__more muted">{t('simulation.wire.after', { count: bytes.length - end })}</span> : null}
    </div>
  );
}
