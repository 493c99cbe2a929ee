// wsx decode [--json] [--from client|server] HEX|-
// Explains every frame in the input, bit by bit (DESIGN.md, "CLI contract").
// Exit 0: every frame valid; 1: some frame has a problem; 2: not hex / usage.

import { decodeFrames } from '../../engine/frame';
import { renderFrameDiagram } from '../../engine/frame-diagram';
import { decodeResultToJson } from '../../engine/frame-json';
import type { AnnotatedFrame, DecodeResult, Direction } from '../../engine/frame-model';
import { formatHex, parseHex } from '../../engine/hex';
import { readStdin, writeError, writeOut } from './output';

const USAGE = 'usage: wsx decode [--json] [--from client|server] HEX|-\n';
/** Payload bytes shown in the text view; --json always carries all of them. */
const SHOWN_PAYLOAD_BYTES = 64;

interface DecodeArgs {
  json: boolean;
  from?: Direction;
  input: string;
}

function parseArgs(args: string[]): DecodeArgs | string {
  let json = false;
  let from: Direction | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--from') {
      const value = args[++i];
      if (value !== 'client' && value !== 'server') return `--from takes "client" or "server", not ${value === undefined ? 'nothing' : `"${value}"`}`;
      from = value;
    } else if (arg.startsWith('--from=')) {
      const value = arg.slice('--from='.length);
      if (value !== 'client' && value !== 'server') return `--from takes "client" or "server", not "${value}"`;
      from = value;
    } else if (arg === '--') positional.push(...args.slice(i + 1)), (i = args.length);
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length === 0) return 'give the frame bytes as hex, or - to read them from standard input';
  // Unquoted hex arrives as several arguments: "wsx decode 81 05 48 65 6c 6c 6f".
  return { json, from, input: positional.join(' ') };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    await writeError(`wsx decode: ${parsed}\n${USAGE}`);
    return 2;
  }
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
  const result = decodeFrames(hex.bytes, { from: parsed.from });
  await writeOut(parsed.json ? JSON.stringify(decodeResultToJson(result), null, 2) + '\n' : renderText(result, parsed.from));
  return result.frames.some((f) => f.problems.length > 0) ? 1 : 0;
}

function renderText(result: DecodeResult, from: Direction | undefined): string {
  const out: string[] = [];
  const direction = from ? `sent by the ${from}` : 'direction unknown (use --from client|server to judge masking)';
  out.push(`${result.frames.length} frame${result.frames.length === 1 ? '' : 's'}, ${direction}`);
  result.frames.forEach((frame, i) => out.push('', ...renderFrame(frame, i)));
  for (const message of result.messages.filter((m) => m.frameIndexes.length > 1)) {
    const which = message.frameIndexes.map((i) => i + 1).join(' + ');
    const body = message.text !== null ? JSON.stringify(message.text) : formatPayload(message.payload);
    out.push('', `Message reassembled from frames ${which} (${message.opcodeName}, ${message.payload.length} bytes${message.complete ? '' : ', unfinished'}): ${body}`);
  }
  if (result.remainder) {
    out.push('', `Input ends inside a frame at byte ${result.remainder.offset}: waiting for ${result.remainder.waitingFor}.`);
  }
  return out.join('\n') + '\n';
}

function renderFrame(frame: AnnotatedFrame, index: number): string[] {
  const lines = [
    `Frame ${index + 1} at byte ${frame.offset}: ${frame.opcodeName}, ${frame.length} bytes (${frame.headerLength} header + ${frame.payloadLength} payload)${frame.truncated ? ', input ends inside its payload' : ''}`,
    renderFrameDiagram(frame),
    '',
  ];
  for (const field of frame.fields) {
    const bits = field.bitLength === 1 ? `bit ${field.bitOffset}` : `bits ${field.bitOffset}-${field.bitOffset + field.bitLength - 1}`;
    lines.push(`  ${field.name.padEnd(24)} ${bits.padEnd(16)} ${String(field.value).padEnd(10)} ${field.meaning} (RFC 6455 ${field.rfc})`);
  }
  lines.push('');
  if (frame.masked) lines.push(`  payload as sent (masked)  ${formatPayload(frame.wirePayload)}`);
  lines.push(`  payload${frame.masked ? ' (unmasked)' : ''}`.padEnd(28) + formatPayload(frame.payload));
  if (frame.text !== null) lines.push(`  text                      ${JSON.stringify(frame.text)}`);
  if (frame.close) lines.push(`  close                     ${frame.close.code ?? '(no code)'} ${frame.close.reason ? JSON.stringify(frame.close.reason) + ' ' : ''}- ${frame.close.meaning}`);
  if (frame.problems.length === 0) lines.push('  no problems');
  for (const p of frame.problems) {
    const answer = p.closeCode === null ? 'note' : `close ${p.closeCode}`;
    lines.push(`  problem (${answer}) at byte ${p.byteOffset}, bit ${p.bitOffset}: ${p.message} (RFC 6455 ${p.rfc})`);
  }
  return lines;
}

function formatPayload(payload: Uint8Array): string {
  if (payload.length === 0) return '(empty)';
  const shown = formatHex(payload.subarray(0, SHOWN_PAYLOAD_BYTES));
  return payload.length > SHOWN_PAYLOAD_BYTES ? `${shown} … (${payload.length} bytes; --json has them all)` : shown;
}
