// What the decoder asks of its worker and what comes back: the same
// DecoderOutcome decode-input.ts computes on the main thread, so the view
// draws either the same way.

import type { DecoderOutcome, DecoderSettings } from './decode-input';

export type DecodeSource = { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Uint8Array };

export interface DecodeJob {
  id: number;
  source: DecodeSource;
  settings: DecoderSettings;
}

export interface DecodeReply {
  id: number;
  outcome: DecoderOutcome;
}

/**
 * Every distinct ArrayBuffer under an outcome, to transfer rather than copy
 * a megabyte (or three: the input, the wire payload, the unmasked payload).
 * Listed once each: a transfer list may not repeat a buffer.
 */
export function outcomeBuffers(outcome: DecoderOutcome): ArrayBuffer[] {
  if (outcome.kind !== 'decoded') return [];
  const buffers = new Set<ArrayBuffer>();
  const add = (bytes: Uint8Array | null) => {
    if (bytes && bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
  };
  add(outcome.bytes);
  const remainderFrame = outcome.result.remainder?.frame;
  for (const frame of remainderFrame ? [...outcome.result.frames, remainderFrame] : outcome.result.frames) {
    add(frame.payload);
    add(frame.wirePayload);
    add(frame.maskingKey);
  }
  for (const message of outcome.result.messages) {
    add(message.payload);
    add(message.compression?.wirePayload ?? null);
  }
  return [...buffers];
}
