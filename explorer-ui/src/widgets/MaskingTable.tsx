// RFC 6455 section 5.3, byte by byte: "octet i of the transformed data is the
// XOR of octet i of the original data with octet at index i modulo 4 of the
// masking key". Every number comes from the decoder's wirePayload, key and
// payload; nothing is recomputed here.

import { Trans, useTranslation } from 'react-i18next';
import { RfcRef } from './RfcRef';

const hex = (b: number) => b.toString(16).padStart(2, '0');

export function MaskingTable({ wirePayload, maskingKey, payload, limit = 32 }: {
  wirePayload: Uint8Array;
  maskingKey: Uint8Array;
  payload: Uint8Array;
  limit?: number;
}) {
  const { t } = useTranslation();
  const count = Math.min(limit, wirePayload.length, payload.length);
  return (
    <figure className="masking">
      <figcaption>
        <Trans i18nKey="masking.caption" components={{ i: <var>i</var>, rfc: <RfcRef section="5.3" /> }} />
      </figcaption>
      <div className="masking__scroll">
        <table className="masking__table" data-testid="masking-table">
          <thead>
            <tr>
              <th scope="col">i</th><th scope="col">{t('masking.onTheWire')}</th><th scope="col" aria-label={t('masking.xor')}>⊕</th><th scope="col">key[i mod 4]</th>
              <th scope="col" aria-label={t('masking.equals')}>=</th><th scope="col">{t('masking.plain')}</th><th scope="col">{t('masking.char')}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: count }, (_, i) => (
              <tr key={i} className={`masking__row masking__row--k${i % 4}`}>
                <td className="muted">{i}</td>
                <td className="mono">{hex(wirePayload[i])}</td>
                <td aria-hidden="true" className="muted">⊕</td>
                <td className="mono masking__key">{hex(maskingKey[i % 4])}</td>
                <td aria-hidden="true" className="muted">=</td>
                <td className="mono masking__plain">{hex(payload[i])}</td>
                <td className="mono">{payload[i] >= 0x20 && payload[i] < 0x7f ? String.fromCharCode(payload[i]) : '·'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {wirePayload.length > count ? <p className="muted">{t('masking.rest', { size: (wirePayload.length - count).toLocaleString('en') })}</p> : null}
    </figure>
  );
}
