// One row of the close-code registry (RFC 6455 7.4.1, 7.4.2 and IANA's later
// codes) and the table head above it: the Close codes view lists them all,
// and a lesson's ```close-code block shows the row of the code it teaches.

import { useTranslation } from 'react-i18next';
import type { CloseCodeInfo } from '../../../../engine/close';
import { useEngineWording } from '../../i18n/engine-wording';
import { GorillaAside } from '../../widgets/GorillaAside';

/** Column headings, left to right, by their key in the catalogs (closeCodes.columns.*). */
const COLUMNS = ['code', 'name', 'sender', 'wire', 'meaning'] as const;

/** Codes whose gorilla/websocket behaviour is worth a sentence beside the constant's name. */
const GORILLA_NOTES: Partial<Record<number, string>> = { 1006: 'closeCodes.gorilla1006' };

export function CloseCodeTableHead() {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>{COLUMNS.map((column) => <th key={column} scope="col">{t(`closeCodes.columns.${column}`)}</th>)}</tr>
    </thead>
  );
}

/** A row of the registry; its name, meaning and advice are the engine's, in the reader's language. */
export function CloseCodeRow({ info }: { info: CloseCodeInfo }) {
  const { t } = useTranslation();
  const wording = useEngineWording().closeCode(info);
  const gorillaNote = GORILLA_NOTES[info.code];
  return (
    <tr data-testid={`close-code-${info.code}`} className={info.validOnWire ? undefined : 'close-table__never'}>
      <th scope="row" className="mono close-table__code">{info.code}</th>
      <td>
        <strong>{wording.name}</strong><br />
        {info.gorillaName ? <><code className="small" title={t('gorilla.closeCodeTitle')}>websocket.{info.gorillaName}</code><br /></> : null}
        <span className="muted small">{wording.source}</span>
      </td>
      <td>{t(`closeCodes.senders.${info.sender}`)}</td>
      <td>{info.validOnWire ? <span className="badge badge--ok">{t('closeCodes.allowed')}</span> : <span className="badge badge--bad">{t('closeCodes.forbidden')}</span>}</td>
      <td>
        <p data-testid="close-code-meaning">{wording.meaning}</p>
        <p className="close-table__advice">{wording.advice}</p>
        {gorillaNote ? <GorillaAside i18nKey={gorillaNote} /> : null}
      </td>
    </tr>
  );
}
