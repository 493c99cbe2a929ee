// What the server sent, as the conformance client judges it: the engine's
// FrameParser (every rule of engine/frame-rules.ts, read as a client reads
// a server: frames must be unmasked, RSV bits only as negotiated, fragments
// in order) turns bytes into frames; messages are put back together here
// as bytes (the engine's MessageAssembler hands text out as a string, and
// an echo is compared byte for byte), their text checked with the engine's
// streaming Utf8Validator and compressed ones inflated with its
// MessageInflater (RFC 7692 7.2.2). The first rule the server breaks
// becomes a violation and reading stops, as a real client would fail the
// connection there.

import { readClosePayload } from '../../engine/close';
import type { DeflateAgreement } from '../../engine/deflate-negotiation';
import { FrameParser, type ParsedFrame } from '../../engine/frame-parser';
import { closePayloadProblems } from '../../engine/frame-rules';
import { concatBytes } from '../../engine/concat-bytes';
import { MessageInflater } from '../../engine/deflate-codec';
import { Opcode, isControlOpcode } from '../../engine/opcode';
import { rfcCitation, type Problem } from '../../engine/problem';
import { Utf8Validator } from '../../engine/utf8';

export type ServerEvent =
  | { type: 'message'; opcode: 0x1 | 0x2; payload: Uint8Array; compressed: boolean }
  | { type: 'ping'; payload: Uint8Array }
  | { type: 'pong'; payload: Uint8Array }
  | { type: 'close'; code: number | null; reason: string; problem: string | null }
  | { type: 'violation'; message: string };

/** The most a server may send in one message before the client stops reading: past anything a case asks for. */
export const MAX_SERVER_MESSAGE = 64 * 1024 * 1024;

export class ServerReader {
  private readonly parser: FrameParser;
  private readonly inflater: MessageInflater | null;
  private readonly utf8 = new Utf8Validator();
  /** The message in progress: its opcode, whether compressed, and its (inflated) bytes so far. */
  private messageOpcode: 0x1 | 0x2 = Opcode.Text;
  private compressedMessage = false;
  private parts: Uint8Array[] = [];
  private textFailure: string | null = null;
  private closed = false;
  private stopped = false;

  constructor(deflate: DeflateAgreement | null) {
    this.parser = new FrameParser({ from: 'server', compressedMessages: deflate !== null, maxFrameSize: MAX_SERVER_MESSAGE, maxMessageSize: MAX_SERVER_MESSAGE });
    // The window the server compresses with carries over between messages unless it agreed to reset it (RFC 7692 7.1.1.1).
    this.inflater = deflate ? new MessageInflater(deflate.serverNoContextTakeover, MAX_SERVER_MESSAGE, (bytes) => this.take(bytes)) : null;
  }

  /** True once the server broke a rule: nothing after it is read. */
  get failed(): boolean {
    return this.stopped;
  }

  push(chunk: Uint8Array): ServerEvent[] {
    if (this.stopped) return [];
    const events: ServerEvent[] = [];
    for (const frame of this.parser.push(chunk)) {
      const event = this.readFrame(frame);
      if (event) events.push(event);
      if (this.stopped) return events;
    }
    const failure = this.parser.failure;
    if (failure) events.push(this.violation(describeProblem(failure.problem)));
    return events;
  }

  private readFrame(frame: ParsedFrame): ServerEvent | null {
    if (this.closed) return this.violation('the server sent a frame after its close frame (RFC 6455 5.5.1: nothing follows a close frame)');
    if (frame.opcode === Opcode.Close) {
      this.closed = true;
      const [problem] = closePayloadProblems(frame.payload, 0);
      const { code, reason } = readClosePayload(frame.payload);
      return { type: 'close', code, reason, problem: problem ? describeProblem(problem) : null };
    }
    if (frame.opcode === Opcode.Ping) return { type: 'ping', payload: frame.payload };
    if (frame.opcode === Opcode.Pong) return { type: 'pong', payload: frame.payload };
    if (isControlOpcode(frame.opcode)) return null;
    if (frame.opcode !== Opcode.Continuation) {
      this.messageOpcode = frame.opcode === Opcode.Binary ? Opcode.Binary : Opcode.Text;
      this.compressedMessage = frame.rsv1 && this.inflater !== null;
      this.parts = [];
      this.utf8.reset();
      this.textFailure = null;
    }
    if (this.compressedMessage) {
      const step = this.inflater!.push(frame.payload);
      const ended = step.ok && frame.fin ? this.inflater!.end() : step;
      if (!ended.ok) return this.violation(`the server sent a compressed message that does not inflate: ${ended.detail} (RFC 7692 7.2.2)`);
    } else {
      this.take(frame.payload);
    }
    if (this.textFailure) return this.violation(`the server sent a text message that is not UTF-8: ${this.textFailure} (RFC 6455 8.1)`);
    if (!frame.fin) return null;
    if (this.messageOpcode === Opcode.Text) {
      const cut = this.utf8.finish();
      if (cut) return this.violation(`the server sent a text message that is not UTF-8: ${cut.reason} (RFC 6455 8.1)`);
    }
    const payload = concatBytes(this.parts);
    this.parts = [];
    return { type: 'message', opcode: this.messageOpcode, payload, compressed: this.compressedMessage };
  }

  /** Bytes of the message in progress (inflated when compressed); text is validated as it arrives. */
  private take(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // The parser reuses nothing, but the inflater's chunks are its own: kept as they are.
    this.parts.push(bytes);
    if (this.messageOpcode === Opcode.Text && !this.textFailure) this.textFailure = this.utf8.push(bytes)?.reason ?? null;
  }

  private violation(message: string): ServerEvent {
    this.stopped = true;
    return { type: 'violation', message };
  }
}

function describeProblem(problem: Problem): string {
  return `the server broke a rule: ${problem.message} (${rfcCitation(problem.rfc)})`;
}
