// A run from the page: POST /api/conform, its events folded into the store
// as they arrive. It belongs to the page, not to the view: a reader who
// opens a frame in the decoder while the run goes on comes back to a run
// that went on. One run at a time from a page (the server allows one per
// address anyway); Stop aborts the request, and the server stops starting
// cases when its reader goes away.

import { useExplorer } from '../../store';
import { assembleReport } from './report-file';
import { runConformanceStream, type ConformPlace, type ConformRequest } from './conform-client';
import { ENDED_EARLY } from './run-messages';

let current: AbortController | null = null;

export function conformRunning(): boolean {
  return current !== null;
}

export async function startConformRun(place: Extract<ConformPlace, { kind: 'server' }>, request: ConformRequest): Promise<void> {
  if (current) return;
  const controller = new AbortController();
  current = controller;
  const store = useExplorer.getState();
  store.setConformStarting(true);
  store.setConformNotice(null);
  let ended = false;
  try {
    const opening = await runConformanceStream(
      place,
      request,
      {
        onOpen: () => useExplorer.getState().beginConformRun(request.target, request.cases ?? null),
        onEvent: (event) => {
          const state = useExplorer.getState();
          switch (event.type) {
            case 'start':
              state.planConformRun(event.target, event.ids);
              break;
            case 'case':
              state.addConformCase(event.result);
              break;
            case 'done': {
              const cases = state.conformSession?.report.cases ?? [];
              ended = true;
              state.endConformRun({ status: 'done', report: assembleReport(cases, event.report, event.report) });
              break;
            }
            case 'error':
              ended = true;
              state.endConformRun({ status: 'broken', error: event.message });
              break;
          }
        },
      },
      controller.signal,
    );
    const state = useExplorer.getState();
    if (opening.kind !== 'started') {
      state.setConformNotice(opening);
    } else if (!ended) {
      state.endConformRun(controller.signal.aborted
        ? { status: 'stopped', error: null }
        : { status: 'broken', error: ENDED_EARLY });
    }
  } finally {
    current = null;
    useExplorer.getState().setConformStarting(false);
  }
}

/** Stops the run: the cases that ended stay in the report. */
export function stopConformRun(): void {
  current?.abort();
}
