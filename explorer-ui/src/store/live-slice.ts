// The Live view's choices: which session is shown (one picked by hand, or
// the newest carrying a nonce the page follows, live-nonce.ts), the
// timeline's filter, pause and follow, and the selected entry. The session
// or followed nonce and the filter are shareable, so url-state.ts writes
// them into the link; pause, follow and the selection are this page's own.

import type { StateCreator } from 'zustand';
import { NO_FILTER, type TimelineFilter } from '../features/live/timeline-filter';
import type { ExplorerState } from './index';

/** Where a paused timeline stood: the session, its entry count (EntryLog.end) and frame count then. */
export interface LivePause {
  session: string;
  end: number;
  frames: number;
}

export interface LiveSlice {
  /** The nonce whose newest session is shown, when no session was picked by hand. */
  liveFollow: string | null;
  /** A session picked by hand. */
  liveSessionId: string | null;
  liveFilter: TimelineFilter;
  /** While paused, the timeline shows entries up to where it stood; frames still arrive, are kept and counted. */
  livePause: LivePause | null;
  /** The timeline keeps its newest entry in view. */
  liveFollowNewest: boolean;
  /** Number of the selected timeline entry (entry-log.ts), in the shown session. */
  liveEntry: number | null;
  followLiveNonce: (nonce: string) => void;
  selectLiveSession: (id: string) => void;
  setLiveFilter: (patch: Partial<TimelineFilter>) => void;
  /** Pauses at `point`, or resumes with null. */
  pauseLive: (point: LivePause | null) => void;
  setLiveFollowNewest: (follow: boolean) => void;
  selectLiveEntry: (n: number | null) => void;
}

export const createLiveSlice: StateCreator<ExplorerState, [], [], LiveSlice> = (set) => ({
  liveFollow: null,
  liveSessionId: null,
  liveFilter: NO_FILTER,
  livePause: null,
  liveFollowNewest: true,
  liveEntry: null,
  followLiveNonce: (liveFollow) => set({ liveFollow, liveSessionId: null, liveEntry: null, livePause: null, liveFollowNewest: true }),
  selectLiveSession: (liveSessionId) => set({ liveSessionId, liveFollow: null, liveEntry: null, livePause: null }),
  setLiveFilter: (patch) => set((state) => ({ liveFilter: { ...state.liveFilter, ...patch } })),
  pauseLive: (livePause) => set({ livePause }),
  setLiveFollowNewest: (liveFollowNewest) => set({ liveFollowNewest }),
  selectLiveEntry: (liveEntry) => set(liveEntry === null ? { liveEntry } : { liveEntry, liveFollowNewest: false }),
});
