// Payload text, always as a React text node: whatever a peer sent (markup,
// scripts, control characters) is shown, never interpreted. Very long text is
// cut so a 1 MiB message does not freeze the page.

import { useTranslation } from 'react-i18next';

const MAX_CHARS = 20_000;

export function PayloadText({ text }: { text: string }) {
  const { t } = useTranslation();
  const shown = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  return (
    <>
      <span className="payload-text">{shown}</span>
      {text.length > MAX_CHARS ? <span className="muted">{t('hex.moreChars', { size: (text.length - MAX_CHARS).toLocaleString('en') })}</span> : null}
    </>
  );
}
