// A citation of RFC 6455 (or 7692) by section, linked to the RFC editor's text.

import { useTranslation } from 'react-i18next';

export function RfcRef({ section, rfc = 6455 }: { section: string; rfc?: number }) {
  const { t } = useTranslation();
  return (
    <a className="rfc-ref" href={`https://www.rfc-editor.org/rfc/rfc${rfc}#section-${section}`} target="_blank" rel="noreferrer">
      {t('rfc.section', { rfc, section })}
    </a>
  );
}
