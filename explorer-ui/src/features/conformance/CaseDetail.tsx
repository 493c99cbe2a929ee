// One case, opened: what it does, the RFC text it rests on, what the server
// must do, what it did (the outcome and why), the lesson that teaches the
// rule, and the wire log both ways. Each frame opens in the decoder and the
// handshake in the stepper. Whatever the server sent is drawn as text.

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseReport, WireEntry } from '../../../../server/conformance/report';
import { RfcRef } from '../../widgets/RfcRef';
import { caseHandshake, frameDecoderLink, handshakeLink, headText, lessonFor, type CaseHandshake } from './case-links';
import { OutcomeBadge } from './ReportSummary';
import { outcomeMeaning } from './wording';

/** Hex shown in a log row, as the CLI's HTML report shows it; the decoder link carries the rest. */
const SHOWN_BYTES = 24;

export function CaseDetail({ report }: { report: CaseReport }) {
  const { t, i18n } = useTranslation();
  const handshake = useMemo(() => caseHandshake(report), [report]);
  const lesson = lessonFor(report);
  const toServer = handshakeLink(handshake, 'server');
  const toClient = handshakeLink(handshake, 'client');
  return (
    <section className="panel conform-case" aria-labelledby="conform-case-title" data-testid="conform-case">
      <h2 id="conform-case-title">
        {t('conformance.detail.case')} <span className="mono">{report.id}</span> <OutcomeBadge outcome={report.outcome} />
      </h2>
      {i18n.language === 'en' ? null : <p className="muted conform-case__data-note" data-testid="conform-data-note">{t('conformance.dataNote')}</p>}
      <p className="conform-case__description" data-testid="conform-case-description">{report.description}</p>
      <dl className="conform-case__facts">
        <dt>{t('conformance.detail.rfc')}</dt>
        <dd data-testid="conform-case-rfc">
          {report.rfc.map((r, i) => (
            <blockquote key={i} className="conform-quote">
              <Citation section={r.section} /> <span>{r.quote}</span>
            </blockquote>
          ))}
        </dd>
        <dt>{t('conformance.detail.expected')}</dt>
        <dd data-testid="conform-case-expectation">{report.expectation}</dd>
        {report.limitNote ? (<><dt>{t('conformance.detail.limit')}</dt><dd>{report.limitNote}</dd></>) : null}
        <dt>{t('conformance.detail.outcome')}</dt>
        <dd data-testid="conform-case-outcome">
          <OutcomeBadge outcome={report.outcome} /> <span className="muted">{outcomeMeaning(t, report.outcome)} · {t('conformance.detail.ms', { ms: report.durationMs })}</span>
          {report.findings.length ? <ul className="conform-case__findings">{report.findings.map((f, i) => <li key={i}>{f}</li>)}</ul> : null}
        </dd>
        <dt>{t('conformance.detail.learn')}</dt>
        <dd>
          {lesson ? (
            <a href={lesson.hash} data-testid="conform-case-lesson">
              {t('conformance.detail.lesson', { n: Number(lesson.id.slice(0, 2)), title: t(`conformance.detail.lessons.${lesson.key}`) })}
            </a>
          ) : (
            <span className="muted">{t('conformance.detail.noLesson')}</span>
          )}
          {toServer ? (
            <>
              {' · '}
              <a href={toServer} data-testid="conform-case-handshake">{t('conformance.detail.handshakeServer')}</a>
            </>
          ) : null}
          {toClient ? (
            <>
              {' · '}
              <a href={toClient} data-testid="conform-case-handshake-client">{t('conformance.detail.handshakeClient')}</a>
            </>
          ) : null}
        </dd>
      </dl>
      <h3>{t('conformance.detail.wireLog')} <span className="muted">{t('conformance.detail.wireLogNote')}</span></h3>
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
  const { t } = useTranslation();
  const { entries, omittedEntries, omittedBytes } = report.wire;
  if (entries.length === 0) return <p className="muted">{t('conformance.detail.nothing')}</p>;
  return (
    <>
      <div className="conform-wire__scroll">
        <table className="conform-wire" data-testid="conform-wire">
          <thead>
            <tr>
              <th scope="col" className="num">{t('conformance.detail.columns.ms')}</th>
              <th scope="col">{t('conformance.detail.columns.from')}</th>
              <th scope="col">{t('conformance.detail.columns.what')}</th>
              <th scope="col"><span className="visually-hidden">{t('conformance.detail.columns.open')}</span></th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => <WireRow key={i} entry={e} handshake={handshake} />)}
          </tbody>
        </table>
      </div>
      {omittedEntries ? (
        <p className="muted">{t('conformance.detail.omittedEntries', { entries: omittedEntries, bytes: omittedBytes })}</p>
      ) : omittedBytes ? (
        <p className="muted">{t('conformance.detail.omittedBytes', { bytes: omittedBytes })}</p>
      ) : null}
    </>
  );
}

function Direction({ entry }: { entry: WireEntry }) {
  const { t } = useTranslation();
  return entry.direction === 'client'
    ? <span className="conform-wire__dir conform-wire__dir--client">{t('conformance.detail.client')}</span>
    : <span className="conform-wire__dir conform-wire__dir--server">{t('conformance.detail.server')}</span>;
}

function WireRow({ entry, handshake }: { entry: WireEntry; handshake: CaseHandshake }) {
  const { t } = useTranslation();
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
            <summary className="mono">{entry.summary} <span className="muted">{t('conformance.detail.headBytes', { size: entry.length })}</span></summary>
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
        {entry.chopSize ? <span className="muted">{t('conformance.detail.chops', { size: entry.chopSize })}</span> : null}
        <span className="mono conform-wire__hex">{spaced}{entry.length > SHOWN_BYTES ? ' …' : ''}</span>
      </td>
      <td>
        {link ? (
          <>
            <a href={link.hash} data-testid="conform-decode-link">{t('conformance.detail.decode')}</a>
            {link.bytesLinked < entry.length ? (
              <span className="muted conform-wire__cut">{t('conformance.detail.cut', { linked: link.bytesLinked.toLocaleString('en'), size: entry.length.toLocaleString('en') })}</span>
            ) : null}
          </>
        ) : <span className="muted">{t('conformance.detail.notFrame')}</span>}
      </td>
    </tr>
  );
}
