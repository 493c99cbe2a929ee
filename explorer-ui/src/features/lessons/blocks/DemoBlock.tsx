// ```demo: one of gorilla/websocket's examples running as a live demo on the
// explorer's server (/demo/echo, /demo/chat…). Served by that server, the
// block links to the page and to the Live view that shows its frames; opened
// from disk there is no server, and it says how to start one.

import { useTranslation } from 'react-i18next';
import { useExplorer } from '../../../store';
import { tapAddress } from '../../live/tap-address';
import type { LessonBlock } from '../lesson-blocks';

/** Where `npm start` serves the explorer unless told otherwise (server/cli.ts). */
const DEFAULT_SERVER = 'http://127.0.0.1:8080';

function useText() {
  const { t } = useTranslation();
  return {
    label: t('lessons.blocks.demoLabel'),
    open: (name: string) => t('lessons.blocks.openDemo', { name }),
    live: t('lessons.blocks.watchLive'),
    noServer: t('lessons.blocks.demoNoServer'),
    then: t('lessons.blocks.demoThen'),
  };
}

export function demoPath(endpoint: string): string {
  return `/demo/${encodeURIComponent(endpoint)}`;
}

export function DemoBlock({ block }: { block: Extract<LessonBlock, { type: 'demo' }> }) {
  const TEXT = useText();
  const showView = useExplorer((s) => s.showView);
  const served = tapAddress(window.location).kind === 'server';
  const path = demoPath(block.endpoint);
  return (
    <figure className="lesson-block lesson-block--demo" data-testid="lesson-demo">
      <figcaption><span className="lesson-block__label">{TEXT.label}</span> <code>{path}</code></figcaption>
      {served ? (
        <p className="lesson-block__actions">
          <a className="lesson-block__link" href={path} target="_blank" rel="noreferrer">{TEXT.open(block.endpoint)}</a>
          <button type="button" onClick={() => showView('live')}>{TEXT.live}</button>
        </p>
      ) : (
        <p>
          {TEXT.noServer} <code>npm start</code>{TEXT.then} <a href={`${DEFAULT_SERVER}${path}`} target="_blank" rel="noreferrer">{DEFAULT_SERVER}{path}</a>.
        </p>
      )}
    </figure>
  );
}
