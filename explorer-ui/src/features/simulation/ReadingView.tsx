// What a side has read of the unit arriving (or of the last one that
// arrived): an HTTP head as its text so far, or frame bytes taken apart by
// the engine's decoder as far as they arrived, with the byte just read
// marked, the fields complete so far in the bit grid, and every problem
// those bytes already prove.

import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { DecodedFrame, FieldName } from '../../../../engine/frame-model';
import type { Problem } from '../../../../engine/problem';
import { BitGrid } from '../../widgets/BitGrid';
import { PayloadText } from '../../widgets/PayloadText';
import { ProblemList } from '../../widgets/ProblemList';
import { RfcRef } from '../../widgets/RfcRef';
import { ByteCells } from './ByteCells';
import { fieldsOfBytes } from './byte-cells';
import type { Reading } from './simulation-snapshot';
import { bytesWords } from './side-words';
import { useSimulationWording } from './simulation-wording';

export function ReadingView({ reading, testId }: { reading: Reading | null; testId: string }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  if (!reading) return <p className="muted" data-testid={testId}>{t('simulation.reading.nothing')}</p>;
  const label = wording.label(reading.unit.label);
  if (reading.kind === 'fin') {
    return (
      <div className="sim-reading" data-testid={testId}>
        <h4>{t('simulation.reading.lastRead', { label })}</h4>
        <p className="muted">{t('simulation.reading.finEnd')}</p>
      </div>
    );
  }
  const bytes = bytesWords(t, reading.unit.bytes.length);
  const heading = reading.whole
    ? <>{t('simulation.reading.lastRead', { label })} <span className="muted">{t('simulation.reading.allIn', { bytes })}</span></>
    : <>{t('simulation.reading.reading', { label })} <span className="muted sim-reading__progress">{t('simulation.reading.progress', { in: reading.bytesIn, bytes })}</span></>;
  return (
    <div className={`sim-reading${reading.whole ? '' : ' sim-reading--partial'}`} data-testid={testId} data-whole={reading.whole}>
      <h4>{heading}</h4>
      {reading.kind === 'head' ? <HeadSoFar text={reading.text} whole={reading.whole} /> : (
        <>
          <ByteCells
            bytes={reading.unit.bytes}
            cursor={reading.bytesIn}
            mode="reader"
            fields={fieldsOfBytes(reading.frames, reading.unitStart, reading.bytesIn)}
            windowSize={24}
            testId={`${testId}-bytes`}
          />
          {reading.frames.map((frame) => (
            <FrameSoFar key={frame.offset} frame={frame} unitStart={reading.unitStart} />
          ))}
        </>
      )}
    </div>
  );
}

/** The head's text as it arrives: CR LF ends each line, and the empty line ends the head (RFC 9112 2.1). */
function HeadSoFar({ text, whole }: { text: string; whole: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const lines = text.split('\r\n');
  // A whole head is long: its first line says what it is, the rest opens on request.
  const shown = whole && !open ? lines.slice(0, 1) : lines;
  return (
    <>
      <pre className="sim-head mono" data-testid="sim-head-text">
        {shown.map((line, i) => (
          <span key={i} className="sim-head__line">{line}{i < lines.length - 1 ? <><span className="sim-head__crlf">CR LF</span>{'\n'}</> : null}</span>
        ))}
        {whole ? null : <span className="sim-head__cursor" aria-label={t('simulation.reading.nextByte')}>▌</span>}
      </pre>
      {whole ? <button type="button" className="link" onClick={() => setOpen(!open)}>{open ? t('simulation.reading.showFirstLine') : t('simulation.reading.showWholeHead')}</button> : null}
    </>
  );
}

const PAYLOAD_HEADING = {
  'whole-plain': 'simulation.reading.payload',
  'soFar-plain': 'simulation.reading.payloadSoFar',
  'whole-unmasked': 'simulation.reading.payloadUnmasked',
  'soFar-unmasked': 'simulation.reading.payloadSoFarUnmasked',
} as const;

function FrameSoFar({ frame, unitStart }: { frame: DecodedFrame; unitStart: number }) {
  const { t } = useTranslation();
  const [active, setActive] = useState<readonly FieldName[]>([]);
  const problemsByBit = new Map<number, Problem[]>();
  for (const problem of frame.problems) {
    const bit = problem.bitOffset - frame.offset * 8;
    problemsByBit.set(bit, [...(problemsByBit.get(bit) ?? []), problem]);
  }
  // Offsets the reader can count: from the first byte of this unit.
  const inUnit = <T extends { byteOffset: number; bitOffset: number }>(p: T): T => ({ ...p, byteOffset: p.byteOffset - unitStart, bitOffset: p.bitOffset - unitStart * 8 });
  const payloadText = frame.opcodeName === 'text' || frame.opcodeName === 'continuation' ? new TextDecoder().decode(frame.payload) : null;
  return (
    <div className="sim-frame" data-testid="sim-frame">
      <p className="sim-frame__summary mono">
        <span>FIN {frame.fin ? 1 : 0}</span>
        {frame.rsv1 || frame.rsv2 || frame.rsv3 ? <span>RSV {[frame.rsv1, frame.rsv2, frame.rsv3].map((b) => (b ? 1 : 0)).join('')}</span> : null}
        <span>{t('simulation.reading.opcode', { opcode: frame.opcode, name: frame.opcodeName })}</span>
        <span>MASK {frame.masked === null ? '?' : frame.masked ? 1 : 0}</span>
        <span>{t('simulation.reading.length', { length: frame.payloadLength === null ? t('simulation.reading.notInYet') : frame.payloadLength })}</span>
        {frame.truncated ? <span className="sim-frame__cut">{t('simulation.reading.inSoFar', { bytes: bytesWords(t, frame.length) })}</span> : null}
      </p>
      <BitGrid fields={frame.fields} problemsByBit={problemsByBit} active={active} onActivate={(names) => setActive(names ?? [])} />
      {frame.fields.length === 0 ? <p className="muted"><Trans i18nKey="simulation.reading.noField" components={{ rfc: <RfcRef section="5.2" /> }} /></p> : null}
      <ProblemList problems={frame.problems.map(inUnit)} notes={frame.notes.map(inUnit)} />
      {payloadText ? (
        <p className="sim-frame__payload">
          {t(PAYLOAD_HEADING[`${frame.truncated ? 'soFar' : 'whole'}-${frame.masked ? 'unmasked' : 'plain'}`])}“<PayloadText text={payloadText} />”
        </p>
      ) : null}
    </div>
  );
}
