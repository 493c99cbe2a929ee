// The presenter's notes window: the same app, same lesson and step, with
// the notes flag in its link (notes=1), opened beside the class's screen.
// The two follow each other through presenter-sync.ts.

import { hashForState } from '../../store/url-state';
import type { ExplorerState } from '../../store';

const WINDOW_NAME = 'wsx-lesson-notes';
const WINDOW_FEATURES = 'popup=yes,width=1000,height=760';

/** The notes window's address: this page, its link switched to the notes. */
export function notesWindowUrl(state: ExplorerState, location: Pick<Location, 'pathname' | 'search'>): string {
  const hash = hashForState({ ...state, view: 'lessons', lessonPresenter: false, lessonNotesWindow: true });
  return `${location.pathname}${location.search}${hash}`;
}

/** Opens (or brings back) the notes window; false when the browser blocked it. */
export function openNotesWindow(state: ExplorerState): boolean {
  const opened = window.open(notesWindowUrl(state, window.location), WINDOW_NAME, WINDOW_FEATURES);
  opened?.focus();
  return opened !== null;
}
