// One case, opened: what it does, the RFC text it rests on, what the server
// must do, what it did (the outcome and why), the lesson that teaches the
// rule, and the wire log both ways. Each frame opens in the decoder and the
// handshake in the stepper. Whatever the server sent is drawn as text.

import { useMemo } from 'react';
import type { CaseReport, WireEntry } from '../../../../server/conformance/report';
import { RfcRef } from '../../widgets/RfcRef';
import { caseHandshake, frameDecoderLink, handshakeLink, headText, lessonFor, type CaseHandshake } from './case-links';
import { OUTCOME_MEANINGS, OutcomeBadge } from './ReportSummary';

/** Hex shown in a log row, as the CLI's HTML report shows it; the decoder link carries the rest. */
const SHOWN_BYTES = 24;

export function CaseDetail({ report }: { report: CaseReport }) {
  const handshake = useMemo(() => caseHandshake(report), [report]);
  const lesson = lessonFor(report);
  const toServer = handshakeLink(handshake, 'server');
  const toClient = handshakeLink(handshake, 'client');
  return (
    <section className="panel conform-case" aria-labelledby="conform-case-title" data-testid="conform-case">
      <h2 id="conform-case-title">
        Case <span className="mono">{report.id}</span> <OutcomeBadge outcome={report.outcome} />
      </h2>
      <p className="conform-case__description" data-testid="conform-case-description">{report.description}</p>
      <dl className="conform-case__facts">
        <dt>RFC</dt>
        <dd data-testid="conform-case-rfc">
          {report.rfc.map((r, i) => (
            <blockquote key={i} className="conform-quote">
              <Citation section={r.section} /> <span>{r.quote}</span>
            </blockquote>
          ))}
        </dd>
        <dt>Expected</dt>
        <dd data-testid="conform-case-expectation">{report.expectation}</dd>
        {report.limitNote ? (<><dt>Limit</dt><dd>{report.limitNote}</dd></>) : null}
        <dt>Outcome</dt>
        <dd data-testid="conform-case-outcome">
          <OutcomeBadge outcome={report.outcome} /> <span className="muted">{OUTCOME_MEANINGS[report.outcome]} · {report.durationMs} ms</span>
          {report.findings.length ? <ul className="conform-case__findings">{report.findings.map((f, i) => <li key={i}>{f}</li>)}</ul> : null}
        </dd>
        <dt>Learn</dt>
        <dd>
          {lesson ? (
            <a href={lesson.hash} data-testid="conform-case-lesson">Lesson {lesson.id.slice(0, 2)}: {lesson.title} →</a>
          ) : (
            <span className="muted">No lesson teaches this rule yet; the RFC text above is where it comes from.</span>
          )}
          {toServer ? (
            <>
              {' · '}
              <a href={toServer} data-testid="conform-case-handshake">The handshake in the stepper: the server’s checks →</a>
            </>
          ) : null}
          {toClient ? (
            <>
              {' · '}
              <a href={toClient} data-testid="conform-case-handshake-client">the client’s checks of the answer →</a>
            </>
          ) : null}
        </dd>
      </dl>
      <h3>Wire log <span className="muted">· both directions, as the bytes crossed</span></h3>
      <WireLog report={report} handshake={handshake} />
    </section>
  );
}

/** "RFC 6455 5.5.2" → a link to that section; other references as they are written. */
function Citation({ section }: { section: string }) {
  const match = /^RFC (\d+) ([\d.]+)$/.exec(section);
  return match ? <RfcRef rfc={Number(match[1])} section={match[2]} /> : <cite>{section}</cite>;
}

function WireLog({ report, handshake }: { report: CaseReport; handshake: CaseHandshake }) {
  const { entries, omittedEntries, omittedBytes } = report.wire;
  if (entries.length === 0) return <p className="muted">Nothing was exchanged.</p>;
  return (
    <>
      <div className="conform-wire__scroll">
        <table className="conform-wire" data-testid="conform-wire">
          <thead>
            <tr><th scope="col" className="num">ms</th><th scope="col">from</th><th scope="col">what, and its first bytes</th><th scope="col"><span className="visually-hidden">open</span></th></tr>
          </thead>
          <tbody>
            {entries.map((e, i) => <WireRow key={i} entry={e} handshake={handshake} />)}
          </tbody>
        </table>
      </div>
      {omittedEntries ? (
        <p className="muted">{omittedEntries} entries in the middle of the log were counted, not kept; {omittedBytes} bytes in all are not shown.</p>
      ) : omittedBytes ? (
        <p className="muted">Long frames are cut: {omittedBytes} bytes are not shown.</p>
      ) : null}
    </>
  );
}

function Direction({ entry }: { entry: WireEntry }) {
  return entry.direction === 'client'
    ? <span className="conform-wire__dir conform-wire__dir--client">client →</span>
    : <span className="conform-wire__dir conform-wire__dir--server">← server</span>;
}

function WireRow({ entry, handshake }: { entry: WireEntry; handshake: CaseHandshake }) {
  const time = <td className="num muted">{entry.t}</td>;
  if (entry.kind === 'event') {
    return <tr className="conform-wire__event" data-testid="conform-wire-event">{time}<td><Direction entry={entry} /></td><td colSpan={2}>{entry.summary}</td></tr>;
  }
  if (entry.kind === 'http') {
    return (
      <tr className="conform-wire__http" data-testid="conform-wire-http">
        {time}
        <td><Direction entry={entry} /></td>
        <td colSpan={2}>
          {/* Folded to its first line: the frames are what a reader scans; the stepper takes the head apart. */}
          <details className="conform-wire__head">
            <summary className="mono">{entry.summary} <span className="muted">· {entry.length} bytes</span></summary>
            <pre className="mono http-text">{headText(entry)}{entry.truncated ? '\n…' : ''}</pre>
          </details>
        </td>
      </tr>
    );
  }
  const link = entry.kind === 'frame' ? frameDecoderLink(entry, handshake.deflate) : null;
  const spaced = (entry.hex.slice(0, SHOWN_BYTES * 2).match(/../g) ?? []).join(' ');
  return (
    <tr className={`conform-wire__${entry.kind}`} data-testid="conform-wire-frame" data-from={entry.direction}>
      {time}
      <td><Direction entry={entry} /></td>
      <td className="conform-wire__summary">
        {entry.summary}
        {entry.chopSize ? <span className="muted"> · written in chops of {entry.chopSize}</span> : null}
        <span className="mono conform-wire__hex">{spaced}{entry.length > SHOWN_BYTES ? ' …' : ''}</span>
      </td>
      <td>
        {link ? (
          <>
            <a href={link.hash} data-testid="conform-decode-link">decode</a>
            {link.bytesLinked < entry.length ? (
              <span className="muted conform-wire__cut">its first {link.bytesLinked.toLocaleString('en')} of {entry.length.toLocaleString('en')} bytes</span>
            ) : null}
          </>
        ) : <span className="muted">not a whole frame</span>}
      </td>
    </tr>
  );
}
