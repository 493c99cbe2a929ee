// One frame taken apart: the bit grid, the byte strip and the field table,
// sharing which field is lit, so hovering or focusing any of them explains
// the same bits everywhere.

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecodedFrame, FieldName, FrameField } from '../../../engine/frame-model';
import type { Problem } from '../../../engine/problem';
import { useEngineWording } from '../i18n/engine-wording';
import { BitGrid } from './BitGrid';
import { ByteStrip } from './ByteStrip';
import { fieldClass } from './field-palette';
import { describeFieldValue } from './field-value';
import { RfcRef } from './RfcRef';

/** Payload bytes drawn in the strip at first, and per "show more"; the payload's hex view scrolls through all. */
const STRIP_PAYLOAD_STEP = 128;
/** Each strip byte is a dozen DOM nodes: past this many, the hex view is the better tool. */
const STRIP_PAYLOAD_MAX = 4096;

export function FrameAnatomy({ frame, input }: { frame: DecodedFrame; input: Uint8Array }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const [active, setActive] = useState<readonly FieldName[]>([]);
  const [stripPayload, setStripPayload] = useState(STRIP_PAYLOAD_STEP);
  const onActivate = (names: FieldName[] | null) => setActive(names ?? []);

  const { problemsByBit, problemsByByte } = useMemo(() => pinProblems(frame), [frame]);
  const available = Math.min(frame.length, input.length - frame.offset);
  const shownBytes = input.subarray(frame.offset, frame.offset + Math.min(available, (frame.headerLength ?? available) + stripPayload));
  const activeField = frame.fields.find((f) => f.name === active[0]) ?? null;

  return (
    <div className="anatomy">
      <BitGrid fields={frame.fields} problemsByBit={problemsByBit} active={active} onActivate={onActivate} />
      <ByteStrip
        bytes={shownBytes}
        frameOffset={frame.offset}
        frameLength={available}
        fields={frame.fields}
        problemsByByte={problemsByByte}
        active={active}
        onActivate={onActivate}
        onShowMore={stripPayload < STRIP_PAYLOAD_MAX ? () => setStripPayload((n) => Math.min(n + STRIP_PAYLOAD_STEP * 4, STRIP_PAYLOAD_MAX)) : null}
      />
      {/*
        Every field's explanation is laid out, hidden, in the same grid cell as
        the one shown, so the box is always as tall as the longest: lighting a
        field never moves the table under the pointer (a row that moved away
        from the pointer would light another, back and forth).
      */}
      <div className="field-explainer">
        <div className="field-explainer__shown" aria-live="polite" data-testid="field-explainer">
          {activeField && active.length === 1 ? (
            <FieldExplanation field={activeField} />
          ) : active.length > 1 ? (
            <p>{t('anatomy.byteHolds', { names: active.map((name) => t(`fieldNames.${name}`)).join(t('anatomy.listSeparator')) })}</p>
          ) : (
            <p className="muted">{t('anatomy.hoverHint')}</p>
          )}
        </div>
        {frame.fields.map((field) => (
          <div key={field.name} className="field-explainer__sizer" aria-hidden="true">
            <FieldExplanation field={field} />
          </div>
        ))}
      </div>
      <table className="field-table">
        <caption className="visually-hidden">{t('anatomy.caption', { offset: frame.offset })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('anatomy.field')}</th><th scope="col">{t('anatomy.bits')}</th><th scope="col">{t('anatomy.value')}</th>
            <th scope="col">{t('anatomy.meaning')}</th><th scope="col">{t('anatomy.rfc')}</th>
          </tr>
        </thead>
        <tbody>
          {frame.fields.map((field) => (
            <tr
              key={field.name}
              className={active.includes(field.name) ? 'is-active' : undefined}
              data-testid={`field-row-${field.name}`}
              onMouseEnter={() => onActivate([field.name])}
              onMouseLeave={() => onActivate(null)}
            >
              <th scope="row"><span className={`field-chip ${fieldClass(field.name)}`}>{t(`fieldNames.${field.name}`)}</span></th>
              <td className="mono">{field.name === 'payload' || field.bits.length > 16 ? t('anatomy.payloadBits', { size: field.bitLength.toLocaleString('en') }) : field.bits}</td>
              <td className="mono field-table__value">{describeFieldValue(field, t)}</td>
              <td>{wording.field(field)}</td>
              <td><RfcRef section={field.rfc} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One field's name, value and meaning, as the explainer shows it. */
function FieldExplanation({ field }: { field: FrameField }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  return (
    <>
      <strong className={`field-chip ${fieldClass(field.name)}`}>{t(`fieldNames.${field.name}`)}</strong>{' '}
      <span className="field-explainer__value">= {describeFieldValue(field, t)}</span>
      <p>{wording.field(field)} <RfcRef section={field.rfc} /></p>
    </>
  );
}

/** Problems sit at input-absolute byte/bit offsets; the drawing counts from the frame's start. */
function pinProblems(frame: DecodedFrame): { problemsByBit: Map<number, Problem[]>; problemsByByte: Map<number, Problem[]> } {
  const problemsByBit = new Map<number, Problem[]>();
  const problemsByByte = new Map<number, Problem[]>();
  for (const problem of frame.problems) {
    const bit = problem.bitOffset - frame.offset * 8;
    const byte = problem.byteOffset - frame.offset;
    problemsByBit.set(bit, [...(problemsByBit.get(bit) ?? []), problem]);
    problemsByByte.set(byte, [...(problemsByByte.get(byte) ?? []), problem]);
  }
  return { problemsByBit, problemsByByte };
}
