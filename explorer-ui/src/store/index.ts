// One Zustand store, split into slices; each slice keeps its actions beside
// its state. Features read it with useExplorer(selector).

import { create } from 'zustand';
import { createBuilderSlice, type BuilderSlice } from './builder-slice';
import { createCloseCodesSlice, type CloseCodesSlice } from './close-codes-slice';
import { createConformanceSlice, type ConformanceSlice } from './conformance-slice';
import { createDecoderSlice, type DecoderSlice } from './decoder-slice';
import { createHandshakeSlice, type HandshakeSlice } from './handshake-slice';
import { createLessonsSlice, type LessonsSlice } from './lessons-slice';
import { createLiveSlice, type LiveSlice } from './live-slice';
import { createShellSlice, type ShellSlice } from './shell-slice';
import { createSimulationSlice, type SimulationSlice } from './simulation-slice';

export type ExplorerState = ShellSlice & DecoderSlice & BuilderSlice & HandshakeSlice & CloseCodesSlice & LiveSlice & SimulationSlice & LessonsSlice & ConformanceSlice;

export const useExplorer = create<ExplorerState>()((...a) => ({
  ...createShellSlice(...a),
  ...createDecoderSlice(...a),
  ...createBuilderSlice(...a),
  ...createHandshakeSlice(...a),
  ...createCloseCodesSlice(...a),
  ...createLiveSlice(...a),
  ...createSimulationSlice(...a),
  ...createLessonsSlice(...a),
  ...createConformanceSlice(...a),
}));

export type { ViewId, Theme } from './shell-slice';
export type { BuilderSettings, PayloadMode, LengthEncoding } from './builder-slice';
export type { HandshakeSide, OriginPolicy } from './handshake-slice';
export type { ConformSession, ConformStatus, OutcomeFilter } from './conformance-slice';
