// Input that is not hex: the engine's message, and the line it is on with a
// caret under the character it could not read.

import { useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import type { HexError } from '../../../../engine/hex';

export function HexErrorNotice({ text, error }: { text: string; error: HexError }) {
  const { t } = useTranslation();
  const message = useEngineWording().hexError(error.message);
  const line = text.split('\n')[error.line - 1] ?? '';
  // Show at most 60 characters around the culprit so a long line stays readable.
  const from = Math.max(0, error.column - 1 - 30);
  const excerpt = line.slice(from, from + 60);
  const caretAt = error.column - 1 - from;
  return (
    <div className="panel hex-error" role="alert" data-testid="hex-error">
      <h2>{t('decoder.notHex')}</h2>
      <p>{message[0].toUpperCase() + message.slice(1)}{t('decoder.period')}</p>
      <pre className="hex-error__excerpt mono" aria-hidden="true">
        {excerpt}{'\n'}{' '.repeat(caretAt)}^
      </pre>
    </div>
  );
}
