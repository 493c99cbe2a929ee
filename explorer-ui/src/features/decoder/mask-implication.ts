// With the sender unknown the decoder judges no masking rule, and instead
// says what each frame's MASK bit implies: RFC 6455 5.1 has a client mask
// every frame it sends and a server mask none, so the bit alone names the
// side that could have sent the frame without breaking that rule.

import type { Direction } from '../../../../engine/frame-model';

export interface MaskImplication {
  /** The side whose frames look like this; null while byte 1 (the MASK bit) has not arrived. */
  sender: Direction | null;
  /** What it says, as a key of the catalogs (i18n/). */
  key: 'decoder.maskNotArrived' | 'decoder.maskClient' | 'decoder.maskServer';
}

export function maskImplication(masked: boolean | null): MaskImplication {
  if (masked === null) return { sender: null, key: 'decoder.maskNotArrived' };
  return masked ? { sender: 'client', key: 'decoder.maskClient' } : { sender: 'server', key: 'decoder.maskServer' };
}

/** Frames whose MASK bits point to both sides cannot all be one sender's: worth saying once, above them. */
export function mixedSenders(maskBits: readonly (boolean | null)[]): boolean {
  const known = maskBits.filter((bit): bit is boolean => bit !== null);
  return known.includes(true) && known.includes(false);
}
