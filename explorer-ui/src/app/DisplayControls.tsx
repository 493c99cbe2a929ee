// Light or dark, large type for a projector, and the link to this exact view.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fitsInLink } from '../store/url-state';
import { useExplorer } from '../store';

export function DisplayControls() {
  const { t } = useTranslation();
  const theme = useExplorer((s) => s.theme);
  const largeType = useExplorer((s) => s.largeType);
  const setTheme = useExplorer((s) => s.setTheme);
  const setLargeType = useExplorer((s) => s.setLargeType);
  const shareable = useExplorer(fitsInLink);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (permissions, file://); the address bar has the same link.
      setCopied('failed');
    }
    window.setTimeout(() => setCopied(null), 2500);
  };

  return (
    <div className="display-controls">
      <button type="button" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title={t('display.themeTitle')}>
        {theme === 'dark' ? t('display.dark') : t('display.light')}
      </button>
      <button type="button" aria-pressed={largeType} onClick={() => setLargeType(!largeType)} title={t('display.largeTypeTitle')}>
        <span aria-hidden="true">A</span><span aria-hidden="true" className="display-controls__big">A</span>
        <span className="visually-hidden">{t('display.largeType')}</span>
      </button>
      <button type="button" className="primary" onClick={() => void copyLink()} data-testid="copy-link" title={shareable ? t('display.copyTitle') : t('display.tooLargeTitle')}>
        {copied === 'yes' ? t('display.linkCopied') : copied === 'failed' ? t('display.copyFromAddressBar') : t('display.copyLink')}
      </button>
      <span className="visually-hidden" aria-live="polite">{copied === 'yes' ? t('display.copiedAnnouncement') : ''}</span>
    </div>
  );
}
