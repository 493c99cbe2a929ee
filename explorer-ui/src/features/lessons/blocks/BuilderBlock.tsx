// ```builder: a builder preset, the bytes the builder makes of it (through
// the builder's own buildFrame), and the builder opened with those settings.

import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { formatHex } from '../../../../../engine/hex';
import { useExplorer } from '../../../store';
import { buildFrame } from '../../builder/build-frame';
import { builderSettings } from '../check-lesson-block';
import type { LessonBlock } from '../lesson-blocks';
import { BlockProblem } from './BlockProblem';

function useText() {
  const { t } = useTranslation();
  return { settings: t('lessons.blocks.builderSettings'), bytes: t('lessons.blocks.bytesBuilt'), openInBuilder: t('lessons.blocks.openInBuilder') };
}

export function BuilderBlock({ block }: { block: Extract<LessonBlock, { type: 'builder' }> }) {
  const TEXT = useText();
  const updateBuilder = useExplorer((s) => s.updateBuilder);
  const showView = useExplorer((s) => s.showView);
  const settings = useMemo(() => builderSettings(block.settings), [block.settings]);
  const built = useMemo(() => (typeof settings === 'string' ? null : buildFrame(settings)), [settings]);

  if (typeof settings === 'string') return <BlockProblem type="builder" message={settings} />;
  if (!built?.ok) return <BlockProblem type="builder" message={built?.problem ?? ''} />;

  return (
    <figure className="lesson-block lesson-block--builder" data-testid="lesson-builder">
      <dl className="lesson-builder__settings" aria-label={TEXT.settings}>
        {Object.entries(block.settings).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
      <figcaption className="visually-hidden">{TEXT.bytes}</figcaption>
      <pre className="builder__hex mono" data-testid="lesson-builder-hex">{formatHex(built.bytes, 16)}</pre>
      <p className="lesson-block__actions">
        <button type="button" onClick={() => { updateBuilder(settings); showView('builder'); }}>{TEXT.openInBuilder}</button>
      </p>
    </figure>
  );
}
