// The shell: header with navigation and display controls, then the open view.

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useExplorer, type ViewId } from '../store';
import { BuilderView } from '../features/builder/BuilderView';
import { CapturesView } from '../features/captures/CapturesView';
import { CloseCodesView } from '../features/close-codes/CloseCodesView';
import { ConformanceView } from '../features/conformance/ConformanceView';
import { DecoderView } from '../features/decoder/DecoderView';
import { HandshakeView } from '../features/handshake/HandshakeView';
import { LessonsView } from '../features/lessons/LessonsView';
import { LiveView } from '../features/live/LiveView';
import { SimulationView } from '../features/simulation/SimulationView';
import { DisplayControls } from './DisplayControls';
import { LanguageControl } from './LanguageControl';
import { Navigation } from './Navigation';

/** Each view of views.ts and what draws it; a view listed there and missing here fails to compile. */
const VIEW_COMPONENTS: Record<ViewId, () => React.JSX.Element> = {
  decoder: DecoderView,
  builder: BuilderView,
  handshake: HandshakeView,
  simulation: SimulationView,
  'close-codes': CloseCodesView,
  live: LiveView,
  conformance: ConformanceView,
  captures: CapturesView,
  lessons: LessonsView,
};

export function App() {
  const { t } = useTranslation();
  const view = useExplorer((s) => s.view);
  const theme = useExplorer((s) => s.theme);
  const largeType = useExplorer((s) => s.largeType);

  // Theme and type size are set on <html> so the page background follows too.
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.largeType = largeType ? 'on' : 'off';
  }, [theme, largeType]);

  const View = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <a className="skip-link" href="#view-panel">{t('app.skipLink')}</a>
      <header className="app__header">
        <div className="app__brand">
          <span className="app__logo" aria-hidden="true">⇄</span>
          <span>
            <strong>WebSocket Explorer</strong>
            <span className="app__tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <Navigation />
        <LanguageControl />
        <DisplayControls />
      </header>
      <main id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`} tabIndex={-1} className="app__main">
        <View />
      </main>
      <footer className="app__footer muted">
        {t('app.footer')}
      </footer>
    </div>
  );
}
