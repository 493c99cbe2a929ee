// ```handshake: an upgrade request as a server checks it (RFC 6455 4.2.1),
// walked by the handshake stepper's own walkthrough: the status it earns,
// the first check it fails or the accept value it gets, every check's
// outcome on request, and the stepper to go through it one check at a time.

import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { useExplorer } from '../../../store';
import { RfcRef } from '../../../widgets/RfcRef';
import { CheckView } from '../../handshake/CheckView';
import { walkServerHandshake } from '../../handshake/server-walkthrough';
import type { LessonBlock } from '../lesson-blocks';

function useText() {
  const { t } = useTranslation();
  return {
    request: t('lessons.blocks.request'),
    accepted: t('lessons.blocks.accepted'),
    refused: (status: number) => t('lessons.blocks.refused', { status }),
    unreadable: (status: number, line: number, message: string) => t('lessons.blocks.unreadable', { status, line, message }),
    accept: 'Sec-WebSocket-Accept',
    allChecks: (count: number, failed: number) => (failed === 0 ? t('lessons.blocks.allChecksPass', { count }) : t('lessons.blocks.allChecksFail', { count: failed, total: count })),
    anyOrigin: t('lessons.blocks.anyOrigin'),
    deflate: t('lessons.blocks.deflate'),
    extensions: 'Sec-WebSocket-Extensions',
    openInStepper: t('lessons.blocks.openInStepper'),
    passes: t('lessons.blocks.passes'),
    fails: t('lessons.blocks.fails'),
  };
}

export function HandshakeBlock({ block }: { block: Extract<LessonBlock, { type: 'handshake' }> }) {
  const TEXT = useText();
  const setSide = useExplorer((s) => s.setHandshakeSide);
  const loadIntoStepper = useExplorer((s) => s.loadHandshakeSample);
  const showView = useExplorer((s) => s.showView);
  const originPolicy = block.anyOrigin ? 'any' : 'same-origin';
  // The server lessons describe speaks no subprotocol, as check-lesson-block.ts judges it.
  const walk = useMemo(() => walkServerHandshake(block.request, { originPolicy, subprotocols: [], deflate: block.deflate }), [block.request, originPolicy, block.deflate]);

  const open = () => {
    setSide('server');
    loadIntoStepper(block.request, '', { originPolicy, subprotocols: '', deflate: block.deflate });
    showView('handshake');
  };

  return (
    <figure className="lesson-block lesson-block--handshake" data-testid="lesson-handshake">
      <figcaption className="visually-hidden">{TEXT.request}</figcaption>
      <pre className="http-text mono">{block.request}</pre>
      {block.anyOrigin ? <p className="muted">{TEXT.anyOrigin}</p> : null}
      {block.deflate ? <p className="muted">{TEXT.deflate}</p> : null}
      {walk.kind === 'unreadable' ? <p className="error">{TEXT.unreadable(walk.status, walk.line, walk.message)}</p> : null}
      {walk.kind === 'steps' ? <HandshakeOutcome walk={walk} /> : null}
      <p className="lesson-block__actions">
        <button type="button" onClick={open}>{TEXT.openInStepper}</button>
      </p>
    </figure>
  );
}

function HandshakeOutcome({ walk }: { walk: Extract<ReturnType<typeof walkServerHandshake>, { kind: 'steps' }> }) {
  const TEXT = useText();
  const { decision } = walk;
  const failing = decision.checks.find((check) => !check.passed);
  const failed = decision.checks.filter((check) => !check.passed).length;
  return (
    <>
      <p className="lesson-handshake__verdict" data-testid="lesson-handshake-status">
        {decision.accepted
          ? <span className="badge badge--ok">{TEXT.accepted}</span>
          : <span className="badge badge--bad">{TEXT.refused(decision.status)}</span>}{' '}
        <RfcRef section="4.2.2" />
      </p>
      {decision.derivation && decision.accepted ? (
        <p className="lesson-handshake__accept">
          {TEXT.accept}: <code className="derivation__accept" data-testid="lesson-handshake-accept">{decision.derivation.accept}</code>
        </p>
      ) : null}
      {decision.accepted && decision.extensions !== null ? (
        <p className="lesson-handshake__accept">
          {TEXT.extensions}: <code data-testid="lesson-handshake-extensions">{decision.extensions}</code>
        </p>
      ) : null}
      {failing ? <CheckView check={failing} consequence={failing.failStatus ? <>the server refuses with <strong>{failing.failStatus}</strong></> : undefined} /> : null}
      <details className="lesson-handshake__checks">
        <summary>{TEXT.allChecks(decision.checks.length, failed)}</summary>
        <ul>
          {decision.checks.map((check) => (
            <li key={check.id} className={check.passed ? 'check-step--pass' : 'check-step--fail'}>
              <span className="check-step__mark" aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {check.title}
              <span className="visually-hidden"> {check.passed ? TEXT.passes : TEXT.fails}</span>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
