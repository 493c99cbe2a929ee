// A short aside that names the gorilla/websocket API behind a protocol
// concept (CloseAbnormalClosure for 1006, Upgrader.Upgrade for the upgrade
// checks, WriteControl and SetPongHandler for ping and pong), for readers
// who learned WebSocket from gorilla's examples. `i18nKey` is a catalog
// sentence; <code>…</code> in it marks an identifier.

import { Trans, useTranslation } from 'react-i18next';

export function GorillaAside({ i18nKey, values }: { i18nKey: string; values?: Record<string, string | number> }) {
  const { t } = useTranslation();
  return (
    <p className="gorilla-aside small" data-testid="gorilla-aside">
      <span className="gorilla-aside__label muted">{t('gorilla.aside')}</span>{' '}
      <Trans i18nKey={i18nKey} values={values} components={{ code: <code /> }} />
    </p>
  );
}
