// Every view the explorer shows, once: its id (the link's #/id), its label
// and hint in the navigation, in navigation order. The store's ViewId, the
// links url-state.ts reads and writes, and the tabs all come from this list;
// App.tsx maps each id to its component in a Record<ViewId, …>, so a view
// listed here without a component does not compile.
//
// Adding a view (the in-browser simulation, the lesson player): one entry
// here, its component, and its line in App.tsx. A view with state worth
// sharing adds its link codec in store/url-state.ts.
//
// This file imports nothing, so the store and the shell can both read it.

export interface ViewEntry {
  /** The view's id, and its link: #/<id>. Lowercase letters and '-' only. */
  id: string;
  label: string;
  /** One line under the label in the navigation. */
  hint: string;
}

export const VIEWS = [
  { id: 'decoder', label: 'Decoder', hint: 'bytes → frames' },
  { id: 'builder', label: 'Builder', hint: 'bits → bytes' },
  { id: 'handshake', label: 'Handshake', hint: 'HTTP upgrade, step by step' },
  { id: 'simulation', label: 'Simulation', hint: 'two endpoints, byte by byte' },
  { id: 'live', label: 'Live', hint: 'real sessions, frame by frame' },
  { id: 'conformance', label: 'Conformance', hint: 'test a server, case by case' },
  { id: 'captures', label: 'Captures', hint: 'pcap, pcapng and HAR files' },
  { id: 'lessons', label: 'Lessons', hint: 'the protocol, step by step' },
  { id: 'close-codes', label: 'Close codes', hint: 'why it ended' },
] as const satisfies readonly ViewEntry[];

export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a bare link (or no link) opens: the first one listed. */
export const DEFAULT_VIEW: ViewId = VIEWS[0].id;

export function isViewId(id: string): id is ViewId {
  return VIEWS.some((view) => view.id === id);
}
