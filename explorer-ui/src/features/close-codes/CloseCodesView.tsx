// The close-code registry (RFC 6455 7.4.1, 7.4.2 and IANA's later codes):
// searchable, with who may send each code and what to do on seeing it.
// A number typed into the search that is not individually defined is looked
// up in its range, so 3001 or 4404 also get an answer.

import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CLOSE_CODE_RANGES, REGISTERED_CLOSE_CODES, closeCodeInfo, type CloseCodeInfo } from '../../../../engine/close';
import { useEngineWording, type EngineWording } from '../../i18n/engine-wording';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { CloseCodeRow, CloseCodeTableHead } from './CloseCodeRow';

export function CloseCodesView() {
  const query = useExplorer((s) => s.closeCodeQuery);
  const setQuery = useExplorer((s) => s.setCloseCodeQuery);

  const { t } = useTranslation();
  const wording = useEngineWording();
  const rows = useMemo(() => matchingCodes(query, wording), [query, wording]);

  return (
    <div className="view close-codes" data-testid="close-codes-view">
      <header className="view__intro">
        <h1>{t('closeCodes.title')}</h1>
        <p><Trans i18nKey="closeCodes.intro" components={{ rfc: <RfcRef section="7.4" /> }} /></p>
      </header>
      <div className="panel close-codes__search">
        <label htmlFor="close-code-query" className="field__label">{t('closeCodes.search')}</label>
        <input id="close-code-query" type="search" value={query} placeholder={t('closeCodes.placeholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <div className="panel">
        <table className="close-table" data-testid="close-table">
          <CloseCodeTableHead />
          <tbody>
            {rows.map((info) => <CloseCodeRow key={info.code} info={info} />)}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="muted empty-state">{t('closeCodes.noMatch', { query })}</p> : null}
      </div>
      <section className="panel" aria-labelledby="ranges-title">
        <h2 id="ranges-title">{t('closeCodes.ranges')} <RfcRef section="7.4.2" /></h2>
        <dl className="ranges">
          {CLOSE_CODE_RANGES.map((range) => (
            <div key={range.from} className="ranges__item">
              <dt className="mono">{range.from}–{range.to} <strong>{wording.closeRange(range).name}</strong></dt>
              <dd>{wording.closeRange(range).meaning}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

/** Codes whose number, name or meaning matches, in English (the engine's words) or in the reader's language. */
function matchingCodes(query: string, wording: EngineWording): CloseCodeInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...REGISTERED_CLOSE_CODES];
  const matches = REGISTERED_CLOSE_CODES.filter((info) => {
    const translated = wording.closeCode(info);
    return String(info.code).includes(q)
      || [info.name, info.gorillaName ?? '', info.meaning, info.advice, translated.name, translated.meaning, translated.advice].some((text) => text.toLowerCase().includes(q));
  });
  // A number not in the table still has a place in the registry's ranges.
  if (/^\d{1,5}$/.test(q) && !matches.some((info) => info.code === Number(q))) return [closeCodeInfo(Number(q)), ...matches];
  return matches;
}
