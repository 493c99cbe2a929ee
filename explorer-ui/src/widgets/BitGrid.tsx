// The RFC 6455 section 5.2 diagram, drawn with a real frame's bits: 32 bits
// to a row, each header field a coloured block holding its own bits, its name
// and its value. Fields come from the engine's decoder, never from here.

import { useTranslation } from 'react-i18next';
import type { FieldName, FrameField } from '../../../engine/frame-model';
import type { Problem } from '../../../engine/problem';
import { useEngineWording } from '../i18n/engine-wording';
import { fieldClass } from './field-palette';
import { describeFieldValue } from './field-value';

const ROW_BITS = 32;

export interface BitGridProps {
  fields: readonly FrameField[];
  /** Problems by frame-relative bit, to pin each to the bit where it sits. */
  problemsByBit: ReadonlyMap<number, Problem[]>;
  active: readonly FieldName[];
  onActivate: (names: FieldName[] | null) => void;
}

interface Piece {
  field: FrameField;
  /** Bits of this field inside one row. */
  from: number;
  to: number;
  first: boolean;
}

export function BitGrid({ fields, problemsByBit, active, onActivate }: BitGridProps) {
  const { t } = useTranslation();
  const header = fields.filter((f) => f.name !== 'payload');
  const totalBits = header.reduce((end, f) => Math.max(end, f.bitOffset + f.bitLength), 0);
  const rows: Piece[][] = [];
  for (let rowStart = 0; rowStart < totalBits; rowStart += ROW_BITS) {
    const rowEnd = rowStart + ROW_BITS;
    rows.push(header
      .filter((f) => f.bitOffset < rowEnd && f.bitOffset + f.bitLength > rowStart)
      .map((f) => ({ field: f, from: Math.max(f.bitOffset, rowStart), to: Math.min(f.bitOffset + f.bitLength, rowEnd), first: f.bitOffset >= rowStart })));
  }

  return (
    <div className="bit-grid" role="group" aria-label={t('anatomy.bitGridLabel')} onMouseLeave={() => onActivate(null)}>
      <div className="bit-grid__ruler" aria-hidden="true">
        {Array.from({ length: ROW_BITS }, (_, bit) => (
          <span key={bit} className={bit % 8 === 0 ? 'bit-grid__tick bit-grid__tick--byte' : 'bit-grid__tick'}>
            <span className="bit-grid__tens">{bit % 10 === 0 ? bit / 10 : '\u00a0'}</span>
            <span>{bit % 10}</span>
          </span>
        ))}
      </div>
      {rows.map((pieces, rowIndex) => (
        <div className="bit-grid__row" key={rowIndex}>
          {pieces.map((piece) => (
            <BitGridPiece
              key={piece.field.name}
              piece={piece}
              rowStart={rowIndex * ROW_BITS}
              problemsByBit={problemsByBit}
              active={active.includes(piece.field.name)}
              onActivate={onActivate}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

function BitGridPiece({ piece, rowStart, problemsByBit, active, onActivate }: {
  piece: Piece;
  rowStart: number;
  problemsByBit: ReadonlyMap<number, Problem[]>;
  active: boolean;
  onActivate: (names: FieldName[] | null) => void;
}) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const { field, from, to, first } = piece;
  const width = to - from;
  const bits = field.bits.slice(from - field.bitOffset, to - field.bitOffset);
  const value = describeFieldValue(field, t);
  const label = t(`fieldNames.${field.name}`);
  // Narrow cells get the short label; the full name is in the detail and the aria-label.
  const shortLabel = t(`fieldShortNames.${field.name}`);
  const hasProblem = Array.from({ length: width }, (_, i) => problemsByBit.has(from + i)).some(Boolean);
  const activate = () => onActivate([field.name]);
  return (
    <div
      className={`bit-grid__field ${fieldClass(field.name)}${active ? ' is-active' : ''}${hasProblem ? ' has-problem' : ''}${width <= 1 ? ' bit-grid__field--narrow' : ''}`}
      style={{ gridColumn: `${from - rowStart + 1} / span ${width}` }}
      data-testid={first ? `field-${field.name}` : undefined}
      data-field={field.name}
      // Only a field's first piece is a tab stop: one stop per field.
      tabIndex={first ? 0 : -1}
      aria-label={t('anatomy.bitLabel', { name: label, value, meaning: wording.field(field), rfc: field.rfc })}
      onMouseEnter={activate}
      onFocus={activate}
      onBlur={() => onActivate(null)}
    >
      <span className="bit-grid__label">{first ? shortLabel : t('anatomy.continued', { label: shortLabel })}</span>
      <span className="bit-grid__bits" style={{ gridTemplateColumns: `repeat(${width}, 1fr)` }}>
        {Array.from(bits, (bit, i) => {
          const problems = problemsByBit.get(from + i);
          return (
            <span key={i} className={problems ? 'bit bit--problem' : 'bit'} title={problems?.map((p) => wording.problem(p)).join('\n')}>
              {bit}
            </span>
          );
        })}
      </span>
      {first && width > 1 ? <span className="bit-grid__value">{value}</span> : null}
    </div>
  );
}
