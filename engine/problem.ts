// What a peer did wrong, and what it did that is merely worth knowing.
//
// A problem breaks a rule: it carries the close code a conforming endpoint
// answers it with (RFC 6455 section 7.4.1) and where in the bytes it sits.
// A note points at something the RFC frowns on that no endpoint fails the
// connection for (a non-minimal length); it has no close code, and the CLI's
// exit status ignores it. Caller mistakes (asking the engine for something
// impossible) are thrown as ordinary exceptions instead; the three never mix,
// as in wsproto. engine/frame-rules.ts states every rule once.

/** Stable identifiers, like ws's WS_ERR_* codes, for tests and the UI. */
export type ProblemKind =
  | 'rsv-without-extension'
  | 'reserved-opcode'
  | 'fragmented-control-frame'
  | 'control-frame-too-long'
  | 'length-most-significant-bit'
  | 'length-beyond-2-53'
  | 'unmasked-client-frame'
  | 'masked-server-frame'
  | 'close-payload-one-byte'
  | 'close-code-not-sendable'
  | 'invalid-close-reason'
  | 'invalid-utf8'
  | 'continuation-without-message'
  | 'data-frame-inside-message'
  | 'frame-too-big'
  | 'message-too-big'
  /** permessage-deflate (RFC 7692 6.1): RSV1 marks a compressed message's first frame, and only that. */
  | 'compressed-control-frame'
  | 'compressed-continuation'
  | 'invalid-compressed-data'
  /** Not the peer's fault: the engine itself failed; 1011 is what the peer is told. */
  | 'internal-error';

export type NoteKind = 'non-minimal-length';

interface Located {
  message: string;
  /** Byte of the input where it sits (counted from the start of the input). */
  byteOffset: number;
  /** Bit of the input where it sits: byteOffset * 8 + bit within that byte (0 = most significant). */
  bitOffset: number;
  /** The section that states the rule: of RFC 6455 when bare ("5.2"), else named ("RFC 7692 6.1"). */
  rfc: string;
}

export interface Problem extends Located {
  kind: ProblemKind;
  /** Close code the receiving endpoint answers with. */
  closeCode: number;
}

export interface Note extends Located {
  kind: NoteKind;
}

export function problemAt(kind: ProblemKind, closeCode: number, message: string, byteOffset: number, bitInByte: number, rfc: string): Problem {
  return { kind, closeCode, message, byteOffset, bitOffset: byteOffset * 8 + bitInByte, rfc };
}

/** A rule's section as a person reads it: "RFC 6455 5.2", "RFC 7692 6.1". */
export function rfcCitation(rfc: string): string {
  return rfc.startsWith('RFC ') ? rfc : `RFC 6455 ${rfc}`;
}

export function noteAt(kind: NoteKind, message: string, byteOffset: number, bitInByte: number, rfc: string): Note {
  return { kind, message, byteOffset, bitOffset: byteOffset * 8 + bitInByte, rfc };
}
