// ```frame: the decoded frame, drawn as the decoder draws it.

import { useMemo } from 'react';
import type { LessonBlock } from '../lesson-blocks';
import { decodeLessonHex } from '../check-lesson-block';
import { BlockProblem } from './BlockProblem';
import { LessonFrame } from './LessonFrame';

export function FrameBlock({ block }: { block: Extract<LessonBlock, { type: 'frame' }> }) {
  const decoded = useMemo(() => decodeLessonHex(block.hex, block), [block]);
  if (typeof decoded === 'string') return <BlockProblem type="frame" message={decoded} />;
  return (
    <figure className="lesson-block lesson-block--frame">
      <LessonFrame decoded={decoded} reading={block} />
    </figure>
  );
}
