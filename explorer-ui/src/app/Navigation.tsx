// The view tabs: a WAI-ARIA tablist, so arrow keys, Home and End move between
// views and Tab moves on into the open one. One tab per entry of VIEWS
// (views.ts), in its order.

import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useExplorer } from '../store';
import { VIEWS } from './views';

export function Navigation() {
  const { t } = useTranslation();
  const view = useExplorer((s) => s.view);
  const showView = useExplorer((s) => s.showView);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent) => {
    const current = VIEWS.findIndex((v) => v.id === view);
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown' ? (current + 1) % VIEWS.length
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? (current - 1 + VIEWS.length) % VIEWS.length
          : event.key === 'Home' ? 0
            : event.key === 'End' ? VIEWS.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    showView(VIEWS[next].id);
    tabs.current[next]?.focus();
  };

  return (
    <nav className="nav" aria-label={t('app.navLabel')}>
      <div role="tablist" aria-orientation="horizontal" className="nav__tabs" onKeyDown={onKeyDown}>
        {VIEWS.map((entry, i) => (
          <button
            key={entry.id}
            ref={(el) => { tabs.current[i] = el; }}
            role="tab"
            id={`tab-${entry.id}`}
            aria-selected={view === entry.id}
            aria-controls="view-panel"
            tabIndex={view === entry.id ? 0 : -1}
            className="nav__tab"
            onClick={() => showView(entry.id)}
          >
            {/* A view added to views.ts before the catalogs name it shows its English. */}
            <span className="nav__label">{t(`views.${entry.id}.label`, { defaultValue: entry.label })}</span>
            <span className="nav__hint">{t(`views.${entry.id}.hint`, { defaultValue: entry.hint })}</span>
          </button>
        ))}
      </div>
    </nav>
  );
}
