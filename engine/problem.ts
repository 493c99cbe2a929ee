// A problem is something a peer did wrong, with the close code a conforming
// endpoint answers it with (RFC 6455 section 7.4.1) and where it sits.
// Caller mistakes (asking the engine for something impossible) are thrown as
// ordinary exceptions instead; the two never mix (see STYLE.md, wsproto).

export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1003,
  NoStatusReceived: 1005,
  Abnormal: 1006,
  InvalidPayload: 1007,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  MandatoryExtension: 1010,
  InternalError: 1011,
} as const;

/** Stable identifiers, like ws's WS_ERR_* codes, for tests and the UI. */
export type ProblemKind =
  | 'rsv-without-extension'
  | 'reserved-opcode'
  | 'fragmented-control-frame'
  | 'control-frame-too-long'
  | 'length-most-significant-bit'
  | 'length-beyond-2-53'
  | 'non-minimal-length'
  | 'unmasked-client-frame'
  | 'masked-server-frame'
  | 'close-payload-one-byte'
  | 'close-code-not-sendable'
  | 'invalid-utf8'
  | 'continuation-without-message'
  | 'data-frame-inside-message'
  | 'frame-too-big'
  | 'message-too-big'
  /** Not the peer's fault: the engine itself failed; 1011 is what the peer is told. */
  | 'internal-error';

export interface Problem {
  kind: ProblemKind;
  /** Close code the receiving endpoint answers with; null for a note that is not a violation. */
  closeCode: number | null;
  message: string;
  /** Byte of the input where the problem sits (counted from the start of the input). */
  byteOffset: number;
  /** Bit of the input where it sits: byteOffset * 8 + bit within that byte (0 = most significant). */
  bitOffset: number;
  /** RFC 6455 section that states the rule, e.g. "5.2". */
  rfc: string;
}

export function problemAt(
  kind: ProblemKind,
  closeCode: number | null,
  message: string,
  byteOffset: number,
  bitInByte: number,
  rfc: string,
): Problem {
  return { kind, closeCode, message, byteOffset, bitOffset: byteOffset * 8 + bitInByte, rfc };
}
