// The Simulation view's model, without a page: the runner that keeps one
// engine Simulation in step with the store's steps, the snapshot drawn from
// it (wires, readers, what each side owes), the words each side is
// described in, and the action form.

import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import { replaySimulation, type SimulationOp } from '../../engine/simulation';
import { scenarioById } from '../../engine/simulation-scenarios';
import { buildFrame } from '../../explorer-ui/src/features/builder/build-frame';
import { byteWindow, fieldsOfBytes, framesOfUnit, headChar } from '../../explorer-ui/src/features/simulation/byte-cells';
import { FREE_PLAY, scenarioChoice, type ScenarioChoice } from '../../explorer-ui/src/features/simulation/scenario-menu';
import { actionFromForm, builderLabel, EMPTY_FORM } from '../../explorer-ui/src/features/simulation/side-action-form';
import { clockWords, logLine, standingWords } from '../../explorer-ui/src/features/simulation/side-words';
import { SimulationRunner } from '../../explorer-ui/src/features/simulation/simulation-runner';
import { takeSnapshot, type SimulationSnapshot } from '../../explorer-ui/src/features/simulation/simulation-snapshot';
import { i18n } from '../../explorer-ui/src/i18n';
import { DEFAULT_BUILDER } from '../../explorer-ui/src/store/builder-slice';

const en = i18n.getFixedT('en');

const byte = (direction: 'to-server' | 'to-client'): SimulationOp => ({ op: 'deliver', direction, amount: 'byte' });
const unit = (direction: 'to-server' | 'to-client'): SimulationOp => ({ op: 'deliver', direction, amount: 'unit' });
const handshake: SimulationOp[] = [unit('to-server'), unit('to-client')];

function snapshotAfter(scenario: ScenarioChoice, ops: readonly SimulationOp[]): SimulationSnapshot {
  return takeSnapshot(new SimulationRunner().sync(scenario, ops), ops, { maxMessageSize: scenario.options.maxMessageSize });
}

describe('the runner', () => {
  it('applies only the steps added, and replays from the start when the steps are anything else', () => {
    const scenario = scenarioChoice('fragmented-with-ping')!;
    const runner = new SimulationRunner();
    const first = runner.sync(scenario, handshake).simulation;
    const more = [...handshake, byte('to-server')];
    expect(runner.sync(scenario, more).simulation).toBe(first);
    const undone = more.slice(0, -1);
    const replayed = runner.sync(scenario, undone).simulation;
    expect(replayed).not.toBe(first);
    expect(replayed.view('server')).toEqual(replaySimulation(scenario.options, undone).view('server'));
  });

  it('delivers everything as the engine does, and sees every unit it wrote and delivered on the way', () => {
    const scenario = scenarioChoice('client-closes')!;
    const state = new SimulationRunner().sync(scenario, [{ op: 'deliver-all' }]);
    const engine = replaySimulation(scenario.options, [{ op: 'deliver-all' }]);
    expect(state.simulation.log).toEqual(engine.log);
    expect(['client', 'server'].map((s) => state.simulation.view(s as 'client').closeCode)).toEqual([1000, 1000]);
    expect([...state.units.values()].map((u) => `${u.from}: ${u.label.split(':')[0]}`)).toEqual([
      expect.stringMatching(/^client: the upgrade request/),
      'server: 101 Switching Protocols, with Sec-WebSocket-Accept',
      'client: close 1000 Normal Closure',
      'server: close 1000 Normal Closure',
      'server: TCP FIN',
      'client: TCP FIN',
    ]);
  });

  it('keeps the engine\'s refusal of a step as its message', () => {
    const scenario = scenarioChoice('client-closes')!;
    const ops: SimulationOp[] = [{ op: 'deliver-all' }, { op: 'act', side: 'client', action: { type: 'text', text: 'too late' } }];
    const snapshot = snapshotAfter(scenario, ops);
    expect(snapshot.refusal).toEqual({ side: 'client', message: expect.stringMatching(/sendText\(\) in state CLOSED/) });
    expect(snapshotAfter(scenario, [...ops, byte('to-server')]).refusal).toBeNull();
  });
});

describe('the snapshot', () => {
  it('shows the server reading a frame cut short: the fields that arrived, the byte just read, what it waits for', () => {
    const scenario = scenarioChoice('fragmented-with-ping')!;
    const snapshot = snapshotAfter(scenario, [...handshake, byte('to-server'), byte('to-server'), byte('to-server')]);
    const server = snapshot.sides.server;
    expect(server.waitingFor).toBe('waiting for 3 bytes of the masking key');
    expect(server.reading).toMatchObject({ kind: 'frames', bytesIn: 3, whole: false, unitStart: 0 });
    if (server.reading?.kind !== 'frames') throw new Error('not frames');
    const [frame] = server.reading.frames;
    expect(frame.truncated).toBe(true);
    expect(frame.fields.map((f) => f.name)).toEqual(['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode', 'MASK', 'payload length']);
    expect(snapshot.lanes['to-server'].queued[0]).toMatchObject({ delivered: 3, label: 'text frame, FIN 0: the first of three fragments' });
    expect(snapshot.next).toBe('to-server');
  });

  it('judges a continuation within its message: bytes read before the unit are decoded with it', () => {
    const scenario = scenarioChoice('fragmented-with-ping')!;
    const snapshot = snapshotAfter(scenario, [...handshake, unit('to-server'), unit('to-server'), byte('to-server'), byte('to-server')]);
    const reading = snapshot.sides.server.reading;
    if (reading?.kind !== 'frames') throw new Error('not frames');
    expect(reading.unit.label).toBe('continuation frame, FIN 0: the second fragment');
    expect(reading.frames).toHaveLength(1);
    expect(reading.frames[0]).toMatchObject({ opcodeName: 'continuation', problems: [] });
    // The text frame (10 bytes) and the ping (13) came before it.
    expect(reading.unitStart).toBe(23);
  });

  it('answers the ping before the message is whole: the pong is owed while no message has been emitted', () => {
    const scenario = scenarioChoice('fragmented-with-ping')!;
    const snapshot = snapshotAfter(scenario, [...handshake, unit('to-server'), unit('to-server')]);
    expect(snapshot.sides.server.owes.map((u) => u.label)).toEqual(['pong: the automatic answer to a ping (5.5.2)']);
    expect(snapshot.sides.server.log.filter((e) => e.kind === 'event').map((e) => (e.kind === 'event' ? e.event.type : ''))).toEqual(['ping']);
    // The client's fragments were written before the pong, so they go first.
    expect(snapshot.next).toBe('to-server');
  });

  it('keeps the last unit in view once it is whole, and shows an HTTP head as text as it arrives', () => {
    const snapshot = snapshotAfter(FREE_PLAY, [byte('to-server'), byte('to-server'), byte('to-server'), byte('to-server')]);
    expect(snapshot.sides.server.reading).toMatchObject({ kind: 'head', bytesIn: 4, whole: false, text: 'GET ' });
    const after = snapshotAfter(FREE_PLAY, handshake);
    expect(after.sides.server.reading).toMatchObject({ kind: 'head', whole: true });
    expect(after.sides.client.reading).toMatchObject({ kind: 'head', whole: true, text: expect.stringMatching(/^HTTP\/1\.1 101 Switching Protocols\r\n/) });
    expect(after.lanes['to-server'].arrived.map((u) => u.kind)).toEqual(['request']);
  });

  it('decodes a too-big message against the scenario\'s limit (1009 before the payload arrives)', () => {
    const scenario = scenarioChoice('too-big')!;
    const snapshot = snapshotAfter(scenario, [...handshake, byte('to-server'), byte('to-server')]);
    const reading = snapshot.sides.server.reading;
    if (reading?.kind !== 'frames') throw new Error('not frames');
    expect(reading.frames[0].problems.map((p) => p.closeCode)).toEqual([1009]);
  });

  it('says nothing is next once both wires are empty', () => {
    const snapshot = snapshotAfter(scenarioChoice('echo')!, [{ op: 'deliver-all' }]);
    expect([snapshot.quiet, snapshot.next]).toEqual([true, null]);
  });
});

describe('words', () => {
  it('say how each side ended and who closed first', () => {
    const both = snapshotAfter(scenarioChoice('both-close')!, [{ op: 'deliver-all' }]);
    expect(standingWords(en, both.sides.client)).toBe('Closed with 1001 Going Away; this side sent the first close.');
    const server = snapshotAfter(scenarioChoice('client-closes')!, [{ op: 'deliver-all' }]).sides.server;
    expect(standingWords(en, server)).toBe('Closed with 1000 Normal Closure; the other side sent the first close.');
    const keepalive = scenarioById('keepalive-timeout')!;
    const dropped = snapshotAfter(keepalive, [{ op: 'deliver-all' }, { op: 'advance', ms: 60_000 }, { op: 'deliver-all' }]);
    expect(standingWords(en, dropped.sides.client)).toBe('Closed with 1006 Abnormal Closure: TCP ended without a closing handshake (7.1.5).');
    expect(clockWords(en, dropped.now)).toBe('60.000 s');
  });

  it('name each event with its code and section, and keep payloads as text', () => {
    const failed = snapshotAfter(scenarioChoice('protocol-error')!, [{ op: 'deliver-all' }]).sides.server.log;
    const lines = failed.map((entry) => logLine(en, entry));
    expect(lines.find((l) => l.tone === 'bad')).toMatchObject({ headline: expect.stringMatching(/^protocol error: .*RSV2.*failing the connection with 1002 Protocol Error$/), rfc: '5.2' });
    const echoed = snapshotAfter(scenarioChoice('echo')!, [{ op: 'deliver-all' }]).sides.client.log.map((entry) => logLine(en, entry));
    expect(echoed.find((l) => l.headline === 'message (text)')).toMatchObject({ text: 'Hello back', hex: null });
  });
});

describe('the action form', () => {
  const built = buildFrame(DEFAULT_BUILDER);

  it('turns each kind into the engine\'s action, fragments only when more than one', () => {
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'text', text: 'hi', fragments: '1' }, built, en)).toEqual({ ok: true, action: { type: 'text', text: 'hi' } });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'binary', hex: '01 02', fragments: '2' }, built, en)).toEqual({ ok: true, action: { type: 'binary', hex: '01 02', fragments: 2 } });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'close', code: '', reason: 'x' }, built, en)).toEqual({ ok: true, action: { type: 'close', reason: 'x' } });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'close', code: '1005', reason: '' }, built, en)).toEqual({ ok: true, action: { type: 'close', code: 1005, reason: '' } });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'text', fragments: 'two' }, built, en)).toMatchObject({ ok: false });
  });

  it('puts the builder\'s frame on the wire as it is, labelled with what it says it is', () => {
    const rsv2 = buildFrame({ ...DEFAULT_BUILDER, rsv2: true });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'builder' }, rsv2, en)).toEqual({
      ok: true,
      action: { type: 'raw', hex: 'a18537fa213d7f9f4d5158', label: 'from the builder: text frame, FIN 1, RSV2 set, masked' },
    });
    expect(builderLabel(Uint8Array.of(0x89, 0x00))).toBe('from the builder: ping frame, FIN 1, not masked');
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'builder' }, buildFrame({ ...DEFAULT_BUILDER, maskingKeyHex: 'zz' }), en)).toMatchObject({ ok: false });
  });
});

describe('byte cells', () => {
  it('keep the cursor in view with a little before it', () => {
    expect(byteWindow(10, 3, 40)).toEqual({ start: 0, end: 10 });
    expect(byteWindow(200, 100, 40)).toEqual({ start: 90, end: 130 });
    expect(byteWindow(200, 199, 40)).toEqual({ start: 160, end: 200 });
  });

  it('tint each byte by the field it carries, even across two frames', () => {
    const bytes = new Uint8Array([...encodeFrame({ opcode: 0x1, payload: Uint8Array.of(0x68) }), ...encodeFrame({ opcode: 0x9 })]);
    const fields = fieldsOfBytes(framesOfUnit(bytes, 'server'), 0, bytes.length);
    expect(fields).toEqual([
      ['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode'],
      ['MASK', 'payload length'],
      ['payload'],
      ['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode'],
      ['MASK', 'payload length'],
    ]);
    expect([0x0d, 0x0a, 0x20, 0x47, 0x00].map(headChar)).toEqual(['CR', 'LF', 'SP', 'G', '·']);
  });
});
