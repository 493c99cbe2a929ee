// With the sender unknown the decoder judges no masking rule, and instead
// says what each frame's MASK bit implies: RFC 6455 5.1 has a client mask
// every frame it sends and a server mask none, so the bit alone names the
// side that could have sent the frame without breaking that rule.

import type { Direction } from '../../../../engine/frame-model';

export interface MaskImplication {
  /** The side whose frames look like this; null while byte 1 (the MASK bit) has not arrived. */
  sender: Direction | null;
  text: string;
}

export function maskImplication(masked: boolean | null): MaskImplication {
  if (masked === null) return { sender: null, text: 'The MASK bit has not arrived, so nothing says which side sent this frame.' };
  return masked
    ? { sender: 'client', text: 'MASK 1: a client sent this frame, if the sender follows the rules: a client masks every frame (RFC 6455 5.3).' }
    : { sender: 'server', text: 'MASK 0: a server sent this frame, if the sender follows the rules: a server never masks (RFC 6455 5.1).' };
}

/** Frames whose MASK bits point to both sides cannot all be one sender's: worth saying once, above them. */
export function mixedSenders(maskBits: readonly (boolean | null)[]): boolean {
  const known = maskBits.filter((bit): bit is boolean => bit !== null);
  return known.includes(true) && known.includes(false);
}
