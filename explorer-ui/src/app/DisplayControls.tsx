// Light or dark, large type for a projector, and the link to this exact view.

import { useState } from 'react';
import { fitsInLink } from '../store/url-state';
import { useExplorer } from '../store';

export function DisplayControls() {
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
      <button type="button" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title="Switch between light and dark">
        {theme === 'dark' ? '☾ Dark' : '☀ Light'}
      </button>
      <button type="button" aria-pressed={largeType} onClick={() => setLargeType(!largeType)} title="Large type, for a projector">
        <span aria-hidden="true">A</span><span aria-hidden="true" className="display-controls__big">A</span>
        <span className="visually-hidden">Large type</span>
      </button>
      <button type="button" className="primary" onClick={() => void copyLink()} data-testid="copy-link" title={shareable ? 'Copy a link to this exact view' : 'The input is too large for a link; the link keeps everything else'}>
        {copied === 'yes' ? 'Link copied' : copied === 'failed' ? 'Copy from the address bar' : 'Copy link'}
      </button>
      <span className="visually-hidden" aria-live="polite">{copied === 'yes' ? 'Link copied to the clipboard' : ''}</span>
    </div>
  );
}
