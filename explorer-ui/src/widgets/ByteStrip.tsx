// The frame's bytes in wire order, each tinted by the field it belongs to and
// with a bar of its 8 bits underneath (bytes 0 and 1 hold several fields).
// Hovering a byte lights its fields in the bit grid, and the other way round.

import { useTranslation } from 'react-i18next';
import type { FieldName, FrameField } from '../../../engine/frame-model';
import { formatHex } from '../../../engine/hex';
import type { Problem } from '../../../engine/problem';
import { useEngineWording } from '../i18n/engine-wording';
import { fieldAtBit, fieldClass, fieldsInBits } from './field-palette';

export interface ByteStripProps {
  /** The frame's bytes as received: header then (masked) payload. */
  bytes: Uint8Array;
  /** Where the frame starts in the input, for the offsets shown. */
  frameOffset: number;
  /** Total length the header claims, when the bytes shown are fewer. */
  frameLength: number;
  fields: readonly FrameField[];
  problemsByByte: ReadonlyMap<number, Problem[]>;
  active: readonly FieldName[];
  onActivate: (names: FieldName[] | null) => void;
  /** Draws more of the payload, when more may be drawn. */
  onShowMore: (() => void) | null;
}

export function ByteStrip({ bytes, frameOffset, frameLength, fields, problemsByByte, active, onActivate, onShowMore }: ByteStripProps) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const hex = formatHex(bytes).split(' ');
  return (
    <div className="byte-strip" role="group" aria-label={t('anatomy.stripLabel')} onMouseLeave={() => onActivate(null)}>
      <ol className="byte-strip__bytes">
        {bytes.length === 0 ? null : hex.map((digits, i) => {
          const names = fieldsInBits(fields, i * 8, i * 8 + 8);
          const single = names.length === 1 ? names[0] : null;
          const problems = problemsByByte.get(i);
          const lit = names.some((n) => active.includes(n));
          return (
            <li
              key={i}
              className={`byte${single ? ` ${fieldClass(single)}` : ' byte--mixed'}${lit ? ' is-active' : ''}${problems ? ' byte--problem' : ''}`}
              data-offset={frameOffset + i}
              data-testid={problems ? 'problem-byte' : undefined}
              title={`${t('anatomy.byteTitle', { offset: frameOffset + i, hex: digits, names: names.map((name) => t(`fieldNames.${name}`)).join(t('anatomy.listSeparator')) })}${problems ? `\n${problems.map((p) => `⚠ ${wording.problem(p)}`).join('\n')}` : ''}`}
              onMouseEnter={() => onActivate(names)}
            >
              <span className="byte__hex">{digits}</span>
              <span className="byte__bits" aria-hidden="true">
                {single ? <span className={`byte__bit byte__bit--whole ${fieldClass(single)}`} /> : Array.from({ length: 8 }, (_, bit) => {
                  const field = fieldAtBit(fields, i * 8 + bit);
                  return <span key={bit} className={`byte__bit${field ? ` ${fieldClass(field.name)}` : ''}`} />;
                })}
              </span>
              <span className="byte__offset" aria-hidden="true">{frameOffset + i}</span>
            </li>
          );
        })}
      </ol>
      {frameLength > bytes.length ? (
        <p className="muted byte-strip__more">
          {t('anatomy.moreBytes', { count: frameLength - bytes.length, size: (frameLength - bytes.length).toLocaleString('en') })}
          {onShowMore ? <> <button type="button" className="link" onClick={onShowMore} data-testid="byte-strip-more">{t('anatomy.showMoreBytes')}</button></> : null}
        </p>
      ) : null}
    </div>
  );
}
