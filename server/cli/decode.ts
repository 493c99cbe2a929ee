// wsx decode [--json] [--from client|server] [--max-message N] HEX|-
// Explains every frame in the input, bit by bit (the CLI contract in
// docs/architecture.md). Frames are written as they are decoded and then
// let go, so a capture of a million frames needs no more memory than one.
// Exit 0: every frame valid and the input ends on a frame boundary;
// 1: some frame has a problem, or the input ends inside a frame; 2: not hex, usage.

import { decodeSteps } from '../../engine/frame-decode';
import { renderFrameDiagram } from '../../engine/frame-diagram';
import { frameToJson, messageToJson, remainderToJson } from '../../engine/frame-json';
import type { DecodeOptions, DecodedFrame, Direction, FrameField, ReassembledMessage, Remainder } from '../../engine/frame-model';
import { formatHex, parseHex } from '../../engine/hex';
import { rfcCitation } from '../../engine/problem';
import { BatchedOutput, readStdin, writeError, writeOut } from './output';
import type { CaptureInput } from './decode-sessions';

export const DECODE_USAGE = `usage: wsx decode [--json] [--from client|server] [--max-message N] [--deflate [--no-context-takeover]] HEX|-
       wsx decode [--json] --pcap FILE | --har FILE
  HEX              the frame bytes in any common hex form (spaced, 0x.., \\x.., xxd, Wireshark);
                   - reads them from standard input
  --json           one JSON document: {"frames": [...], "remainder": ..., "messages": [...]}
  --from WHO       who sent the bytes, client or server: judges masking (RFC 6455 5.1)
  --max-message N  a receiver's message size limit in bytes: a longer message earns 1009
  --deflate        permessage-deflate was negotiated (RFC 7692): RSV1 marks compressed
                   messages, which are inflated, each using the ones before it
  --no-context-takeover
                   with --deflate: the sender reset its window for every message
  --pcap FILE      every WebSocket session in a pcap or pcapng capture, on any port: the
                   handshake, then the frames each way (judged by who sent them, inflated
                   when the 101 agreed permessage-deflate); --json: {"sessions": [...]}
  --har FILE       the same for a HAR file saved from Chrome's Network panel (the bytes
                   are rebuilt from the recorded messages, and say so)
exit status: 0 every frame valid, 1 a frame has a problem or the input ends inside a frame
             (with --pcap/--har also: no WebSocket session found), 2 not hex, an unreadable file
`;

/** Payload bytes shown in the text view; --json always carries all of them. */
const SHOWN_PAYLOAD_BYTES = 64;

interface DecodeArgs {
  json: boolean;
  options: DecodeOptions;
  input: string;
  capture?: CaptureInput;
}

function parseArgs(args: string[]): DecodeArgs | 'help' | string {
  let json = false;
  const options: DecodeOptions = {};
  const positional: string[] = [];
  let capture: CaptureInput | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? splitOnce(args[i]) : [args[i], undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--json') json = true;
    else if (flag === '--from') {
      const from = value();
      if (from !== 'client' && from !== 'server') return `--from takes "client" or "server", not ${from === undefined ? 'nothing' : `"${from}"`}`;
      options.from = from satisfies Direction;
    } else if (flag === '--max-message') {
      const text = value();
      if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        return `--max-message takes a size in bytes, not ${text === undefined ? 'nothing' : `"${text}"`}`;
      }
      options.maxMessageSize = Number(text);
    } else if (flag === '--deflate') options.deflate = { ...options.deflate };
    else if (flag === '--no-context-takeover') options.deflate = { ...options.deflate, noContextTakeover: true };
    else if (flag === '--') positional.push(...args.slice(i + 1)), (i = args.length);
    else if (flag === '--pcap' || flag === '--har') {
      const file = value();
      if (file === undefined) return `${flag} takes a file name`;
      capture = { kind: flag === '--pcap' ? 'pcap' : 'har', file };
    }
    else if (flag.startsWith('--')) return `unknown option ${flag}`;
    else positional.push(flag);
  }
  if (capture) return positional.length > 0 ? `--${capture.kind} reads its file: no hex as well` : { json, options, input: '', capture };
  if (positional.length === 0) return 'give the frame bytes as hex, or - to read them from standard input';
  // Unquoted hex arrives as several arguments: "wsx decode 81 05 48 65 6c 6c 6f".
  return { json, options, input: positional.join(' ') };
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    await writeOut(DECODE_USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    await writeError(`wsx decode: ${parsed}\n${DECODE_USAGE}`);
    return 2;
  }
  // Loaded only when asked for, so hex decoding never pays for the capture readers.
  if (parsed.capture) return (await import('./decode-sessions')).runDecodeSessions(parsed.capture, parsed.json);
  const input = parsed.input === '-' ? await readStdin() : parsed.input;
  const hex = parseHex(input);
  if (!hex.ok) {
    await writeError(`wsx decode: not hex: ${hex.error.message}\n`);
    return 2;
  }
  if (hex.bytes.length === 0) {
    await writeError('wsx decode: the input holds no bytes\n');
    return 2;
  }
  const out = new BatchedOutput();
  const verdict = parsed.json ? await writeJson(hex.bytes, parsed.options, out) : await writeText(hex.bytes, parsed.options, out);
  await out.flush();
  return verdict.problems > 0 || verdict.cutShort ? 1 : 0;
}

interface Verdict {
  frames: number;
  /** Frames (the one cut short included) that break a rule; notes do not count. */
  problems: number;
  cutShort: boolean;
}

function tally(verdict: Verdict, frame: DecodedFrame): void {
  if (frame.problems.length > 0) verdict.problems++;
}

/**
 * The JSON document, written as it is decoded: the frames, then the
 * remainder, then a second pass for the messages, so no list of the input's
 * frames is ever held whole.
 */
async function writeJson(bytes: Uint8Array, options: DecodeOptions, out: BatchedOutput): Promise<Verdict> {
  const verdict: Verdict = { frames: 0, problems: 0, cutShort: false };
  let remainder: Remainder | null = null;
  await out.write('{\n  "frames": [');
  for (const step of decodeSteps(bytes, options)) {
    if (step.type === 'frame') {
      tally(verdict, step.frame);
      await out.write(`${verdict.frames++ === 0 ? '' : ','}\n${indent(frameToJson(step.frame), 4)}`);
    } else if (step.type === 'remainder') {
      remainder = step.remainder;
      tally(verdict, remainder.frame);
      verdict.cutShort = true;
    }
  }
  await out.write(`${verdict.frames > 0 ? '\n  ' : ''}],\n  "remainder": ${remainder ? indent(remainderToJson(remainder), 2).trimStart() : 'null'},\n  "messages": [`);
  let messages = 0;
  for (const step of decodeSteps(bytes, options)) {
    if (step.type === 'message') await out.write(`${messages++ === 0 ? '' : ','}\n${indent(messageToJson(step.message), 4)}`);
  }
  await out.write(`${messages > 0 ? '\n  ' : ''}]\n}\n`);
  return verdict;
}

function indent(value: unknown, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return JSON.stringify(value, null, 2).split('\n').map((line) => pad + line).join('\n');
}

async function writeText(bytes: Uint8Array, options: DecodeOptions, out: BatchedOutput): Promise<Verdict> {
  const verdict: Verdict = { frames: 0, problems: 0, cutShort: false };
  const direction = options.from ? `Sent by the ${options.from}.` : 'Direction unknown: masking is not judged (use --from client|server).';
  await out.write(`${direction}${options.maxMessageSize !== undefined ? ` Message limit: ${options.maxMessageSize} bytes.` : ''}\n`);
  for (const step of decodeSteps(bytes, options)) {
    if (step.type === 'frame') {
      tally(verdict, step.frame);
      verdict.frames++;
      await out.write(['', ...renderFrame(step.frame, step.index)].join('\n') + '\n');
    } else if (step.type === 'message') {
      if (step.message.frameIndexes.length > 1 || !step.message.complete || step.message.compression) await out.write(`\n${renderMessage(step.message)}\n`);
    } else {
      tally(verdict, step.remainder.frame);
      verdict.cutShort = true;
      await out.write(['', ...renderFrame(step.remainder.frame, verdict.frames), '', renderRemainder(step.remainder)].join('\n') + '\n');
    }
  }
  await out.write(`\n${summary(verdict)}\n`);
  return verdict;
}

function summary({ frames, problems, cutShort }: Verdict): string {
  const parts = [`${frames} whole frame${frames === 1 ? '' : 's'}`];
  parts.push(problems === 0 ? 'no problems' : `${problems} with problems`);
  if (cutShort) parts.push('and the input ends inside one more');
  return parts.join(', ') + '.';
}

export function renderFrame(frame: DecodedFrame, index: number): string[] {
  const size = frame.truncated
    ? `cut short: ${frame.length} byte${frame.length === 1 ? '' : 's'} arrived${frame.headerLength !== null && frame.payloadLength !== null ? ` of ${frame.headerLength + frame.payloadLength}` : ''}`
    : `${frame.length} bytes (${frame.headerLength} header + ${frame.payloadLength} payload)`;
  const lines = [`Frame ${index + 1} at byte ${frame.offset}: ${frame.opcodeName}, ${size}`, renderFrameDiagram(frame), ''];
  for (const field of frame.fields) {
    lines.push(`  ${field.name.padEnd(24)} ${bitRange(field).padEnd(16)} ${String(field.value).padEnd(10)} ${field.meaning} (${rfcCitation(field.rfc)})`);
  }
  lines.push('');
  const payloadKnown = frame.fields.some((f) => f.name === 'payload');
  if (payloadKnown) {
    if (frame.maskingKey) lines.push(`  payload as sent (masked)  ${formatPayload(frame.wirePayload)}`);
    lines.push(`  payload${frame.maskingKey ? ' (unmasked)' : ''}${frame.truncated ? ' so far' : ''}`.padEnd(28) + formatPayload(frame.payload));
  }
  if (!frame.truncated && frame.text !== null) lines.push(`  text                      ${JSON.stringify(frame.text)}`);
  if (!frame.truncated && frame.close) {
    const { code, reason, meaning } = frame.close;
    lines.push(`  close                     ${code ?? '(no code)'} ${reason ? JSON.stringify(reason) + ' ' : ''}- ${meaning}`);
  }
  if (frame.problems.length === 0 && frame.notes.length === 0) lines.push(frame.truncated ? '  no problems in the bytes that arrived' : '  no problems');
  // The bit counts within its byte, 0 the most significant, as the explorer shows it.
  for (const p of frame.problems) lines.push(`  problem (close ${p.closeCode}) at byte ${p.byteOffset}, bit ${p.bitOffset % 8}: ${p.message} (${rfcCitation(p.rfc)})`);
  for (const n of frame.notes) lines.push(`  note (no close code) at byte ${n.byteOffset}, bit ${n.bitOffset % 8}: ${n.message} (${rfcCitation(n.rfc)})`);
  return lines;
}

/** Bits counted from the frame's first bit, as the RFC's ruler numbers them. */
function bitRange(field: FrameField): string {
  if (field.bitLength === 0) return 'none (empty)';
  if (field.bitLength === 1) return `bit ${field.bitOffset}`;
  return `bits ${field.bitOffset}-${field.bitOffset + field.bitLength - 1}`;
}

function renderRemainder({ offset, needed, waitingFor }: Remainder): string {
  return `Input ends inside the frame at byte ${offset}: waiting for ${waitingFor}; ${needed} more byte${needed === 1 ? '' : 's'} needed to finish it.`;
}

function renderMessage(message: ReassembledMessage): string {
  const which = message.frameIndexes.map((i) => i + 1).join(' + ');
  const body = message.text !== null ? JSON.stringify(message.text) : formatPayload(message.payload);
  const compression = message.compression ? `, ${describeCompression(message.compression)}` : '';
  return `Message from frame${message.frameIndexes.length === 1 ? '' : 's'} ${which} (${message.opcodeName}, ${message.payload.length} bytes${compression}${message.complete ? '' : ', unfinished'}): ${body}`;
}

function describeCompression({ wirePayload, firstBlock, savedBytes }: NonNullable<ReassembledMessage['compression']>): string {
  const saving = savedBytes >= 0 ? `${savedBytes} saved` : `${-savedBytes} more than uncompressed`;
  return `compressed to ${wirePayload.length} on the wire, ${firstBlock ? `a ${firstBlock} block` : 'no block'}, ${saving}`;
}

function formatPayload(payload: Uint8Array): string {
  if (payload.length === 0) return '(empty)';
  const shown = formatHex(payload.subarray(0, SHOWN_PAYLOAD_BYTES));
  return payload.length > SHOWN_PAYLOAD_BYTES ? `${shown} … (${payload.length} bytes; --json has them all)` : shown;
}
