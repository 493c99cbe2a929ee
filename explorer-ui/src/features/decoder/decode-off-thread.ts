// Decoding for the view: small inputs on the spot, so typing gets instant
// feedback; large ones in decode-worker.ts, with a "decoding…" state
// meanwhile. Where a worker cannot start (the build opened from file://,
// where the browser refuses worker scripts from file: URLs), large inputs
// are decoded here after the "decoding…" state has been drawn.

import { useEffect, useMemo, useState } from 'react';
import { decodeBytes, decodeInput, type DecoderOutcome, type DecoderSettings } from './decode-input';
import type { DecodeJob, DecodeReply, DecodeSource } from './decode-job';
// The built worker's address, resolved as the app's script starts: the build
// is a classic script (vite.config.ts), which knows its own address only then,
// and the worker sits beside it in assets/, not beside index.html.
import decodeWorkerUrl from './decode-worker.ts?worker&url';

/** Inputs up to this many characters of hex (about 20 KiB of bytes) decode synchronously: well under a frame's time. */
export const SYNC_DECODE_MAX_CHARS = 64 * 1024;
/** Byte inputs (dropped files) up to this size decode synchronously. */
export const SYNC_DECODE_MAX_BYTES = 32 * 1024;

export type DecoderState =
  | { status: 'ready'; outcome: DecoderOutcome }
  | { status: 'decoding'; size: number; unit: 'characters' | 'bytes' };

function decodeHere(source: DecodeSource, settings: DecoderSettings): DecoderOutcome {
  return source.kind === 'text' ? decodeInput(source.text, settings) : decodeBytes(source.bytes, settings);
}

let worker: Worker | null | undefined;
let nextJobId = 1;
const waiting = new Map<number, { job: DecodeJob; resolve: (outcome: DecoderOutcome) => void }>();

function decodeWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(decodeWorkerUrl, { type: 'module', name: 'frame decoder' });
    worker.onmessage = (event: MessageEvent<DecodeReply>) => {
      waiting.get(event.data.id)?.resolve(event.data.outcome);
      waiting.delete(event.data.id);
    };
    // A worker script that fails to load reports it here, later: finish what waits on the main thread.
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
      for (const { job, resolve } of waiting.values()) resolve(decodeHere(job.source, job.settings));
      waiting.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

/** Decodes in the worker, or on this thread once the page has drawn when there is no worker. */
function decodeOffThread(source: DecodeSource, settings: DecoderSettings): Promise<DecoderOutcome> {
  const job: DecodeJob = { id: nextJobId++, source, settings };
  const target = decodeWorker();
  if (!target) {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(decodeHere(source, settings)), 0)));
  }
  return new Promise((resolve) => {
    waiting.set(job.id, { job, resolve });
    // The store keeps its bytes, so the worker gets a copy it may own; text is copied anyway.
    if (source.kind === 'bytes') {
      const copy = source.bytes.slice();
      target.postMessage({ ...job, source: { kind: 'bytes', bytes: copy } } satisfies DecodeJob, [copy.buffer]);
    } else {
      target.postMessage(job);
    }
  });
}

/** The decoded outcome of `text` (or of `bytes`, when given), and whether a large one is still on its way. */
export function useDecoderState(text: string, bytes: Uint8Array | null, settings: DecoderSettings): DecoderState {
  const source = useMemo<DecodeSource>(() => (bytes ? { kind: 'bytes', bytes } : { kind: 'text', text }), [bytes, text]);
  const large = source.kind === 'bytes' ? source.bytes.length > SYNC_DECODE_MAX_BYTES : source.text.length > SYNC_DECODE_MAX_CHARS;
  const here = useMemo(() => (large ? null : decodeHere(source, settings)), [large, source, settings]);
  const [done, setDone] = useState<{ source: DecodeSource; settings: DecoderSettings; outcome: DecoderOutcome } | null>(null);

  useEffect(() => {
    if (!large) return;
    let current = true;
    void decodeOffThread(source, settings).then((outcome) => {
      if (current) setDone({ source, settings, outcome });
    });
    return () => { current = false; };
  }, [large, source, settings]);

  if (here) return { status: 'ready', outcome: here };
  if (done && done.source === source && done.settings === settings) return { status: 'ready', outcome: done.outcome };
  return source.kind === 'bytes'
    ? { status: 'decoding', size: source.bytes.length, unit: 'bytes' }
    : { status: 'decoding', size: source.text.length, unit: 'characters' };
}
