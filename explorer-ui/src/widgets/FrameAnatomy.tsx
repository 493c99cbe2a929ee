// One frame taken apart: the bit grid, the byte strip and the field table,
// sharing which field is lit, so hovering or focusing any of them explains
// the same bits everywhere.

import { useMemo, useState } from 'react';
import type { DecodedFrame, FieldName } from '../../../engine/frame-model';
import type { Problem } from '../../../engine/problem';
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
      <div className="field-explainer" aria-live="polite" data-testid="field-explainer">
        {activeField && active.length === 1 ? (
          <>
            <strong className={`field-chip ${fieldClass(activeField.name)}`}>{activeField.name}</strong>{' '}
            <span className="field-explainer__value">= {describeFieldValue(activeField)}</span>
            <p>{activeField.meaning} <RfcRef section={activeField.rfc} /></p>
          </>
        ) : active.length > 1 ? (
          <p>This byte holds {active.join(', ')}: hover one field in the grid to read it.</p>
        ) : (
          <p className="muted">Hover or focus a field (Tab moves through them) to see what its bits mean.</p>
        )}
      </div>
      <table className="field-table">
        <caption className="visually-hidden">Header fields of the frame at byte {frame.offset}</caption>
        <thead>
          <tr><th scope="col">Field</th><th scope="col">Bits</th><th scope="col">Value</th><th scope="col">Meaning</th><th scope="col">RFC</th></tr>
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
              <th scope="row"><span className={`field-chip ${fieldClass(field.name)}`}>{field.name}</span></th>
              <td className="mono">{field.name === 'payload' ? `${field.bitLength.toLocaleString('en')} bits` : field.bits.length > 16 ? `${field.bits.length} bits` : field.bits}</td>
              <td className="mono field-table__value">{describeFieldValue(field)}</td>
              <td>{field.meaning}</td>
              <td><RfcRef section={field.rfc} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
