// A parsed HTTP head (request or response): its first line, then every
// header as read, in order, plus what the parser accepted but noted.

import { useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import type { HttpHeader } from '../../../../engine/http-message';

export function HttpHeadView({ firstLine, headers, notes = [] }: { firstLine: string; headers: readonly HttpHeader[]; notes?: readonly string[] }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  return (
    <>
      <p className="mono step__request-line">{firstLine}</p>
      <table className="headers">
        <tbody>
          {headers.map((header, i) => (
            <tr key={i}><th scope="row" className="mono">{header.name}</th><td className="mono">{header.value}</td></tr>
          ))}
        </tbody>
      </table>
      {notes.map((note, i) => <p key={i} className="muted small">{t('handshake.note', { note: wording.httpError(note) })}</p>)}
    </>
  );
}
