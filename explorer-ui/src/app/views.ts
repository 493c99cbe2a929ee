// The shell's navigation: one entry per view. Later views (live sessions,
// the in-browser simulation, the lesson player) are added here and in App's
// view switch, nowhere else.

import type { ViewId } from '../store';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** One line under the label in the navigation. */
  hint: string;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'decoder', label: 'Decoder', hint: 'bytes → frames' },
  { id: 'builder', label: 'Builder', hint: 'bits → bytes' },
  { id: 'handshake', label: 'Handshake', hint: 'HTTP upgrade, step by step' },
  { id: 'close-codes', label: 'Close codes', hint: 'why it ended' },
];
