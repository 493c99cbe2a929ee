// permessage-deflate (RFC 7692) as the Live view reads it: when a session's
// 101 agreed it, a data message whose first frame has RSV1 set is
// compressed (7.2.3.1), and its frames' payloads, joined, inflate to the
// message (7.2.2). Each direction inflates its own messages in order: with
// context takeover (the default, 7.1.1) a message may refer to the ones
// before it, so after a gap in the history a message can fail to inflate,
// and says why.

import { MessageInflater } from '../../../../engine/deflate-codec';
import { PERMESSAGE_DEFLATE, readDeflateOffer, type DeflateAgreement } from '../../../../engine/deflate-negotiation';
import { parseExtensionsHeader } from '../../../../engine/extensions-header';
import { DEFAULT_MAX_MESSAGE_SIZE } from '../../../../engine/frame-parser';
import { headerValues, parseResponseHead } from '../../../../engine/http-message';
import { concatBytes } from '../../../../engine/concat-bytes';
import { isControlOpcode, Opcode } from '../../../../engine/opcode';

/** What the server's 101 agreed about permessage-deflate (RFC 7692 7.1), or null when it did not. */
export function deflateAgreementOf(response: Uint8Array): DeflateAgreement | null {
  const parsed = parseResponseHead(response);
  if (parsed.state !== 'complete' || parsed.message.status !== 101) return null;
  const { offers } = parseExtensionsHeader(headerValues(parsed.message.headers, 'sec-websocket-extensions'));
  const offer = offers.find((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE);
  if (!offer) return null;
  const reading = readDeflateOffer(offer);
  return reading.ok ? reading.agreement : null;
}

/** What inflation made of one frame. */
export interface FrameInflation {
  /** The frame belongs to a compressed message. */
  compressed: boolean;
  /** On a compressed message's last frame: the whole message inflated. */
  message: Uint8Array | null;
  /** Why the message could not be inflated, once it is known. */
  failure: string | null;
  /** The message's opcode (text or binary), for a continuation's summary. */
  messageOpcode: number;
}

const NOT_COMPRESSED: FrameInflation = { compressed: false, message: null, failure: null, messageOpcode: 0 };

export class DirectionInflation {
  private inflater: MessageInflater;
  private parts: Uint8Array[] = [];
  private compressed = false;
  private messageOpcode: number = Opcode.Text;
  private failure: string | null = null;
  /** A gap took away messages a later one may refer to (context takeover). */
  private windowLost = false;

  constructor(private readonly noContextTakeover: boolean) {
    this.inflater = this.newInflater();
  }

  /** A frame of this direction, in order; its payload unmasked. */
  frame(opcode: number, fin: boolean, rsv1: boolean, payload: Uint8Array): FrameInflation {
    if (isControlOpcode(opcode)) return NOT_COMPRESSED;
    if (opcode !== Opcode.Continuation) {
      this.compressed = rsv1;
      this.messageOpcode = opcode;
      this.parts = [];
      this.failure = null;
    }
    if (!this.compressed) return NOT_COMPRESSED;
    if (this.failure === null) {
      const step = this.inflater.push(payload);
      if (!step.ok) this.failure = this.explain(step.detail);
    }
    let message: Uint8Array | null = null;
    if (fin) {
      if (this.failure === null) {
        const step = this.inflater.end();
        if (step.ok) message = concatBytes(this.parts);
        else this.failure = this.explain(step.detail);
      } else {
        // The failed message's stream is abandoned; the next starts afresh.
        this.inflater = this.newInflater();
      }
      this.parts = [];
      if (message) this.windowLost = false;
    }
    return { compressed: true, message, failure: this.failure, messageOpcode: this.messageOpcode };
  }

  /** A gap in this direction: the window the sender compresses against is partly unknown now. */
  gap(): void {
    this.inflater = this.newInflater();
    this.parts = [];
    this.compressed = false;
    this.windowLost = !this.noContextTakeover;
  }

  private explain(detail: string): string {
    return this.windowLost ? `${detail}; it may refer to messages lost in a gap (context takeover, RFC 7692 7.1.1)` : detail;
  }

  private newInflater(): MessageInflater {
    return new MessageInflater(this.noContextTakeover, DEFAULT_MAX_MESSAGE_SIZE, (bytes) => this.parts.push(bytes.slice()));
  }
}
