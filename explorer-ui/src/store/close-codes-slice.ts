// The close-code registry's search box.

import type { StateCreator } from 'zustand';
import type { ExplorerState } from './index';

export interface CloseCodesSlice {
  closeCodeQuery: string;
  setCloseCodeQuery: (query: string) => void;
}

export const createCloseCodesSlice: StateCreator<ExplorerState, [], [], CloseCodesSlice> = (set) => ({
  closeCodeQuery: '',
  setCloseCodeQuery: (closeCodeQuery) => set({ closeCodeQuery }),
});
