// The page's side of the capture worker: requests numbered, answers matched
// to them, progress handed to whoever opened the file. Where a worker cannot
// start (the build opened from file://, where the browser refuses worker
// scripts), the same workspace runs on the page, giving the page a turn
// between slices of the file.

import type { CaptureReply, CaptureRequest, CaptureRequestBody } from './capture-protocol';
import { CaptureWorkspace } from './capture-workspace';
// The built worker's address, resolved as the app's script starts (see decode-off-thread.ts).
import captureWorkerUrl from './capture-worker.ts?worker&url';

type Answer = Exclude<CaptureReply, { type: 'progress' | 'session-part' }>;
/** What comes before the answer: progress while a file is read, a session's messages in parts. */
export type ProgressReply = Extract<CaptureReply, { type: 'progress' | 'session-part' }>;

export class CaptureClient {
  private worker: Worker | null | undefined;
  private inPage: CaptureWorkspace | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; onProgress?: (progress: ProgressReply) => void; request: CaptureRequest }>();
  /** Where the file is read: 'worker', or 'page' when no worker could start. */
  where: 'worker' | 'page' = 'worker';

  /** Sends a request; resolves with its answer (a 'failed' one included). */
  ask(request: CaptureRequestBody, onProgress?: (progress: ProgressReply) => void): Promise<Answer> {
    const full = { ...request, id: this.nextId++ } as CaptureRequest;
    return new Promise((resolve) => {
      this.waiting.set(full.id, { resolve, onProgress, request: full });
      const worker = this.startWorker();
      if (worker) worker.postMessage(full);
      else {
        const workspace = this.workspaceInPage();
        workspace.arrived(full);
        void workspace.handle(full);
      }
    });
  }

  private receive = (reply: CaptureReply): void => {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    if (reply.type === 'progress' || reply.type === 'session-part') {
      waiting.onProgress?.(reply);
      return;
    }
    this.waiting.delete(reply.id);
    waiting.resolve(reply);
  };

  private startWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      const worker = new Worker(captureWorkerUrl, { type: 'module', name: 'capture reader' });
      worker.onmessage = (event: MessageEvent<CaptureReply>) => this.receive(event.data);
      // A worker script that fails to load says so later: what waits is done again on the page.
      worker.onerror = () => {
        worker.terminate();
        this.worker = null;
        const requests = [...this.waiting.values()].map((w) => w.request);
        for (const request of requests) void this.workspaceInPage().handle(request);
      };
      this.worker = worker;
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  private workspaceInPage(): CaptureWorkspace {
    this.where = 'page';
    this.inPage ??= new CaptureWorkspace((reply) => this.receive(reply), breatheOnPage);
    return this.inPage;
  }
}

/** A turn for input and drawing every few milliseconds of reading. */
let sliceStarted = 0;
async function breatheOnPage(): Promise<void> {
  const now = performance.now();
  if (now - sliceStarted < 8) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  sliceStarted = performance.now();
}
