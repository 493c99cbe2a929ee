// A capture's session as the tests compare it with what was sent: each
// frame's sender, opcode and unmasked payload, in arrival order.

import type { CaptureSession } from '../../engine/capture/capture-model';
import { decodeSessionSteps } from '../../engine/capture/session-frames';
import { bytesToHex } from '../../engine/hex';

export function framesSent(session: CaptureSession): Array<{ from: 'client' | 'server'; opcode: number; payloadHex: string }> {
  const payloads = new Map<string, string>();
  for (const direction of ['client', 'server'] as const) {
    for (const { step } of decodeSessionSteps(session, direction)) {
      if (step.type === 'frame') payloads.set(`${direction} ${step.index}`, bytesToHex(step.frame.payload));
    }
  }
  return session.frames.map((frame) => ({ from: frame.direction, opcode: frame.opcode, payloadHex: payloads.get(`${frame.direction} ${frame.index}`)! }));
}
