// A lesson's live block as its widget. Notes are the presenter's alone: the
// notes window shows them (PresenterNotes.tsx), the player never does.

import type { LessonBlock } from '../lesson-blocks';
import { AcceptBlock } from './AcceptBlock';
import { BuilderBlock } from './BuilderBlock';
import { CloseCodeBlock } from './CloseCodeBlock';
import { DemoBlock } from './DemoBlock';
import { ExerciseBlock } from './ExerciseBlock';
import { FrameBlock } from './FrameBlock';
import { HandshakeBlock } from './HandshakeBlock';
import { SimulationBlock } from './SimulationBlock';

export function LessonBlockView({ block }: { block: LessonBlock }) {
  switch (block.type) {
    case 'frame':
      return <FrameBlock block={block} />;
    case 'exercise':
      return <ExerciseBlock block={block} />;
    case 'handshake':
      return <HandshakeBlock block={block} />;
    case 'accept':
      return <AcceptBlock block={block} />;
    case 'builder':
      return <BuilderBlock block={block} />;
    case 'simulation':
      return <SimulationBlock block={block} />;
    case 'demo':
      return <DemoBlock block={block} />;
    case 'close-code':
      return <CloseCodeBlock block={block} />;
    case 'notes':
      return null;
  }
}
