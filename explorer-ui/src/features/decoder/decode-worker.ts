// The decoder's Web Worker: hex parsing and frame decoding of large inputs
// run here, so a pasted megabyte never stalls the page. The engine is pure
// (no DOM, no Node), so it runs in a worker unchanged.

import { decodeBytes, decodeInput } from './decode-input';
import { outcomeBuffers, type DecodeJob, type DecodeReply } from './decode-job';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DecodeJob>) => void) | null;
  postMessage: (reply: DecodeReply, transfer: Transferable[]) => void;
};

scope.onmessage = (event) => {
  const { id, source, settings } = event.data;
  const outcome = source.kind === 'text' ? decodeInput(source.text, settings) : decodeBytes(source.bytes, settings);
  scope.postMessage({ id, outcome }, outcomeBuffers(outcome));
};
