// ```accept: Sec-WebSocket-Accept derived from a key stage by stage
// (RFC 6455 1.3, 4.2.2 step 5.4), each stage drawn as the handshake stepper
// draws it, with the engine's values.

import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { deriveAcceptKey } from '../../../../../engine/accept-key';
import { AcceptDerivationView } from '../../handshake/AcceptDerivationView';
import type { DerivationStage } from '../../handshake/server-walkthrough';
import type { LessonBlock } from '../lesson-blocks';

const STAGES: readonly DerivationStage[] = ['key', 'key-bytes', 'concatenated', 'sha1', 'base64'];

function useText() {
  const { t } = useTranslation();
  return { label: t('lessons.blocks.acceptLabel') };
}

export function AcceptBlock({ block }: { block: Extract<LessonBlock, { type: 'accept' }> }) {
  const TEXT = useText();
  const derivation = useMemo(() => deriveAcceptKey(block.key), [block.key]);
  return (
    <figure className="lesson-block lesson-block--accept" data-testid="lesson-accept">
      <figcaption className="visually-hidden">{TEXT.label}</figcaption>
      <ol className="lesson-accept__stages">
        {STAGES.map((stage) => (
          <li key={stage} className="lesson-accept__stage">
            <AcceptDerivationView stage={stage} derivation={derivation} by="server" />
          </li>
        ))}
      </ol>
    </figure>
  );
}
