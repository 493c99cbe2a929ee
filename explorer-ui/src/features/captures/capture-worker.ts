// The capture worker: capture files are read here, off the page's thread,
// so a 100 MB capture never stalls typing, scrolling or the progress bar.
// The engine is pure, so it runs here unchanged (capture-workspace.ts).

import type { CaptureReply, CaptureRequest } from './capture-protocol';
import { CaptureWorkspace } from './capture-workspace';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CaptureRequest>) => void) | null;
  postMessage: (reply: CaptureReply, transfer: Transferable[]) => void;
};

const workspace = new CaptureWorkspace((reply, transfer) => scope.postMessage(reply, transfer ?? []));
// Requests are handled one after another, in the order sent: a session asked for while a file is read waits for it.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  workspace.arrived(request);
  queue = queue.then(() => workspace.handle(request));
};
