// ```close-code: the close-code registry's row for one code, as the Close
// codes view shows it (gorilla's constant name included), and the view
// itself searched for that code.

import { useTranslation } from 'react-i18next';
import { closeCodeInfo } from '../../../../../engine/close';
import { useExplorer } from '../../../store';
import { CloseCodeRow, CloseCodeTableHead } from '../../close-codes/CloseCodeRow';
import type { LessonBlock } from '../lesson-blocks';
import { BlockProblem } from './BlockProblem';

function useText() {
  const { t } = useTranslation();
  return { open: t('lessons.blocks.openInCloseCodes'), notACode: (code: string) => t('lessons.blocks.notACode', { code }) };
}

export function CloseCodeBlock({ block }: { block: Extract<LessonBlock, { type: 'close-code' }> }) {
  const TEXT = useText();
  const setQuery = useExplorer((s) => s.setCloseCodeQuery);
  const showView = useExplorer((s) => s.showView);
  const code = Number(block.code);
  if (!Number.isInteger(code)) return <BlockProblem type="close-code" message={TEXT.notACode(block.code)} />;
  return (
    <figure className="lesson-block lesson-block--close-code" data-testid="lesson-close-code">
      <div className="lesson-close-code__scroll">
        <table className="close-table">
          <CloseCodeTableHead />
          <tbody><CloseCodeRow info={closeCodeInfo(code)} /></tbody>
        </table>
      </div>
      <p className="lesson-block__actions">
        <button type="button" onClick={() => { setQuery(String(code)); showView('close-codes'); }}>{TEXT.open}</button>
      </p>
    </figure>
  );
}
