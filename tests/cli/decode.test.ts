// `wsx decode` as the CLI contract (docs/architecture.md) states it, run as a real process.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import type { DecodeJson } from '../../engine/frame-json';
import { repoRoot, runWsx, runWsxThroughNpm } from '../support/cli';

async function decodeJson(args: string[], stdin?: string): Promise<{ code: number | null; json: DecodeJson; stderr: string }> {
  const run = await runWsx(['decode', '--json', ...args], stdin);
  return { code: run.code, json: JSON.parse(run.stdout) as DecodeJson, stderr: run.stderr };
}

describe('wsx decode --json on the examples of RFC 6455 5.7', () => {
  it('the masked "Hello", through npm run exactly as the contract spells it', async () => {
    const run = await runWsxThroughNpm(['decode', '--json', '81 85 37 fa 21 3d 7f 9f 4d 51 58']);
    expect(run.code).toBe(0);
    const { frames, remainder } = JSON.parse(run.stdout) as DecodeJson;
    expect(remainder).toBeNull();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      offset: 0, length: 11, fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, opcodeName: 'text',
      masked: true, payloadLength: 5, maskingKey: '37fa213d', payloadHex: '48656c6c6f', text: 'Hello', close: null, problems: [],
    });
    expect(frames[0].fields.map((f) => f.name)).toEqual(['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode', 'MASK', 'payload length', 'masking key', 'payload']);
    for (const field of frames[0].fields) expect(Object.keys(field)).toEqual(expect.arrayContaining(['name', 'bitOffset', 'bitLength', 'value', 'meaning']));
  });

  it.each([
    ['unmasked "Hello"', '810548656c6c6f', { opcodeName: 'text', masked: false, maskingKey: null, text: 'Hello', fin: true }],
    ['unmasked ping', '890548656c6c6f', { opcodeName: 'ping', opcode: 9, payloadHex: '48656c6c6f', text: null }],
    ['masked pong', '8a8537fa213d7f9f4d5158', { opcodeName: 'pong', opcode: 10, masked: true, maskingKey: '37fa213d', payloadHex: '48656c6c6f' }],
  ])('%s', async (_, input, expected) => {
    const { code, json } = await decodeJson([input]);
    expect(code).toBe(0);
    expect(json.frames[0]).toMatchObject(expected);
  });

  it('the fragmented "Hel" + "lo" as two frames', async () => {
    const { code, json } = await decodeJson(['01 03 48 65 6c 80 02 6c 6f']);
    expect(code).toBe(0);
    expect(json.frames.map((f) => [f.offset, f.fin, f.opcodeName, f.payloadHex])).toEqual([[0, false, 'text', '48656c'], [5, true, 'continuation', '6c6f']]);
  });

  it('256-byte and 65536-byte binary frames with their extended lengths', async () => {
    const small = Buffer.from(encodeFrame({ opcode: 2, payload: new Uint8Array(256).fill(1) })).toString('hex');
    const large = Buffer.from(encodeFrame({ opcode: 2, payload: new Uint8Array(65536).fill(2) })).toString('hex');
    const { code, json } = await decodeJson(['-'], small + large);
    expect(code).toBe(0);
    expect(json.frames.map((f) => [f.payloadLength, f.fields.find((x) => x.name === 'extended payload length')?.bitLength])).toEqual([[256, 16], [65536, 64]]);
    expect(json.frames[1].payloadHex).toBe('02'.repeat(65536));
  });
});

describe('wsx decode exit codes and messages', () => {
  it('exits 1 and still prints every frame when one has a problem', async () => {
    const { code, json } = await decodeJson(['--from', 'client', '81 85 37 fa 21 3d 7f 9f 4d 51 58 c1 80 00 00 00 00']);
    expect(code).toBe(1);
    expect(json.frames).toHaveLength(2);
    expect(json.frames[1].problems).toEqual([expect.objectContaining({ closeCode: 1002, byteOffset: 11, bitOffset: 89, rfc: '5.2' })]);
  });

  it('judges masking by --from', async () => {
    expect((await decodeJson(['--from', 'client', '810548656c6c6f'])).json.frames[0].problems[0]).toMatchObject({ closeCode: 1002, byteOffset: 1, rfc: '5.1' });
    expect((await decodeJson(['--from', 'server', '810548656c6c6f'])).code).toBe(0);
  });

  it('reports the remainder, with the header fields that arrived, and exits 1 when the input ends inside a frame', async () => {
    const { code, json } = await decodeJson(['81 05 48 65']);
    expect(code).toBe(1);
    expect(json.frames).toEqual([]);
    expect(json.remainder).toMatchObject({ offset: 0, needed: 3, frame: { opcodeName: 'text', payloadLength: 5, length: 4, payloadHex: '4865', problems: [] } });
    expect(json.remainder!.frame.fields.map((f) => f.name)).toEqual(['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode', 'MASK', 'payload length', 'payload']);
  });

  it('exits 2 naming the character and position of bad hex, with no stack trace', async () => {
    const run = await runWsx(['decode', '--json', '81 05 48 6x']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/'x'.*line 1, column 11/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 on a bad option', async () => {
    const run = await runWsx(['decode', '--from', 'sideways', '81 00']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from takes "client" or "server"/);
  });

  it('writes a megabyte of JSON completely into a pipe', async () => {
    const frame = Buffer.from(encodeFrame({ opcode: 2, payload: new Uint8Array(1 << 20).fill(0x7e), maskingKey: Uint8Array.of(1, 2, 3, 4) }));
    const { code, json } = await decodeJson(['-'], frame.toString('hex'));
    expect(code).toBe(0);
    expect(json.frames[0].payloadHex.length).toBe(2 << 20);
  });
});

describe('wsx decode text output', () => {
  it('draws the RFC 5.2 ruler with the frame\'s real bits and explains each field', async () => {
    const run = await runWsx(['decode', '81 85 37 fa 21 3d 7f 9f 4d 51 58']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(' 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1');
    expect(run.stdout).toContain('|1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|');
    expect(run.stdout).toContain('"Hello"');
    expect(run.stdout).toMatch(/masking key\s+bits 16-47\s+37fa213d/);
  });

  it('prints problems with their close code, byte and RFC section', async () => {
    const run = await runWsx(['decode', 'c1 05 48 65 6c 6c 6f']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/problem \(close 1002\) at byte 0, bit 1: RSV1 .*\(RFC 6455 5\.2\)/);
  });
});

describe('wsx decode: notes, limits, truncation and help', () => {
  it('reports a non-minimal length as a note with no close code, and exits 0 for it', async () => {
    const { code, json } = await decodeJson(['81 7e 00 05 48 65 6c 6c 6f']);
    expect(code).toBe(0);
    expect(json.frames[0].problems).toEqual([expect.objectContaining({ closeCode: null, kind: 'non-minimal-length', byteOffset: 1, rfc: '5.2' })]);
  });

  it('--max-message sets the receiver\'s limit, so 1009 can be asked for', async () => {
    const frame = '82 0a 00 01 02 03 04 05 06 07 08 09';
    expect((await decodeJson([frame])).code).toBe(0);
    const { code, json } = await decodeJson(['--max-message', '8', frame]);
    expect(code).toBe(1);
    expect(json.frames[0].problems).toEqual([expect.objectContaining({ closeCode: 1009, kind: 'message-too-big', byteOffset: 1, rfc: '10.4' })]);
    const bad = await runWsx(['decode', '--max-message', 'lots', frame]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-message takes a size in bytes, not "lots"/);
  });

  it('says what is missing when the input ends inside a frame, and what its bytes already prove', async () => {
    const run = await runWsx(['decode', '89 7e']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Frame 1 at byte 0: ping, cut short: 2 bytes arrived');
    expect(run.stdout).toMatch(/problem \(close 1002\) at byte 1, bit 1: ping is a control frame/);
    expect(run.stdout).toContain('Input ends inside the frame at byte 0: waiting for 2 more bytes of the 16-bit extended payload length');
  });

  it('counts a problem\'s bit within its byte, as the explorer does', async () => {
    const run = await runWsx(['decode', '--from', 'client', '81 05 48 65 6c 6c 6f']);
    expect(run.stdout).toContain('problem (close 1002) at byte 1, bit 0: a client must mask every frame');
  });

  it('does not number the bits of an empty payload', async () => {
    const run = await runWsx(['decode', '89 00']);
    expect(run.stdout).toMatch(/payload\s+none \(empty\)\s+0/);
    expect(run.stdout).not.toMatch(/bits 16-15/);
  });

  it.each([['decode'], ['accept'], ['serve']])('wsx %s --help prints its usage to standard output and exits 0', async (command) => {
    const run = await runWsx([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: wsx ${command} `));
    expect(run.stderr).toBe('');
  });

  it('wsx --help lists every command on standard output; wsx alone is a usage error', async () => {
    const help = await runWsx(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.match(/^ {2}wsx \w+/gm)).toEqual(['  wsx decode', '  wsx accept', '  wsx serve', '  wsx proxy', '  wsx capture', '  wsx conform']);
    const bare = await runWsx([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^usage: wsx COMMAND/);
  });
});

/**
 * Runs wsx with its stdout read by a consumer that keeps nothing: it counts
 * the lines that start with `countPrefix`, and closes the pipe after
 * `closeAfter` bytes when given (as `| head -c N` does).
 */
function runStreaming(args: string[], options: { stdin?: string; closeAfter?: number; countPrefix?: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stderr: string; counted: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'server', 'cli.ts'), ...args], {
      cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env },
    });
    let read = 0;
    let counted = 0;
    let partialLine = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (options.countPrefix) {
        const lines = (partialLine + chunk.toString('latin1')).split('\n');
        partialLine = lines.pop()!;
        for (const line of lines) if (line.startsWith(options.countPrefix)) counted++;
      }
      if (options.closeAfter !== undefined && read >= options.closeAfter) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, counted }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe('wsx decode on a large input', () => {
  it('goes quiet when the reader closes the pipe early (| head -c 100): no stack trace, the verdict as exit status', async () => {
    const pings = '89 00 '.repeat(20_000);
    const valid = await runStreaming(['decode', pings], { closeAfter: 100 });
    expect(valid).toMatchObject({ stderr: '', code: 0 });
    const orphans = await runStreaming(['decode', '80 00 '.repeat(20_000)], { closeAfter: 100 });
    expect(orphans).toMatchObject({ stderr: '', code: 1 });
  });

  it('explains a million frames in a 64 MiB heap, writing each as it goes', async () => {
    // Every "80 00" is a continuation frame with no message to continue: a problem each.
    const run = await runStreaming(['decode', '-'], { stdin: '8000'.repeat(1_000_000), countPrefix: 'Frame ', env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.counted).toBe(1_000_000);
  }, 120_000);
});

describe('wsx decode --deflate', () => {
  it('inflates the RFC 7692 examples, the second message using the first one\'s window', async () => {
    const { code, json } = await decodeJson(['--deflate', 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00']);
    expect(code).toBe(0);
    expect(json.messages.map((m) => [m.text, m.compression])).toEqual([
      ['Hello', { wirePayloadHex: 'f248cdc9c90700', firstBlock: 'fixed Huffman', savedBytes: -2 }],
      ['Hello', { wirePayloadHex: 'f200110000', firstBlock: 'fixed Huffman', savedBytes: 0 }],
    ]);
  });

  it('with --no-context-takeover, says the second message cannot be read (1007)', async () => {
    const run = await runWsx(['decode', '--deflate', '--no-context-takeover', 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/problem \(close 1007\) at byte 11, bit 0: the compressed data is not valid DEFLATE .* \(RFC 7692 7\.2\.2\)/);
  });
});
