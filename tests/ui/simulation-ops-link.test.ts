// The simulation's steps in a link (explorer-ui/src/features/simulation/ops-link.ts):
// every step comes back the same, byte-by-byte stepping stays short, a
// garbled link keeps the steps before the garbling, and a hostile one
// cannot keep the page busy.

import { beforeEach, describe, expect, it } from 'vitest';
import { replaySimulation, type SimulationOp } from '../../engine/simulation';
import { scenarioById } from '../../engine/simulation-scenarios';
import { MAX_LINK_STEPS, decodeOps, encodeOps } from '../../explorer-ui/src/features/simulation/ops-link';
import { useExplorer, type ExplorerState } from '../../explorer-ui/src/store';
import { MAX_SHARED_INPUT_CHARS, fitsInLink, hashForState, stateFromHash } from '../../explorer-ui/src/store/url-state';

const byte = (direction: 'to-server' | 'to-client'): SimulationOp => ({ op: 'deliver', direction, amount: 'byte' });
const unit = (direction: 'to-server' | 'to-client'): SimulationOp => ({ op: 'deliver', direction, amount: 'unit' });

const EVERY_KIND_OF_STEP: SimulationOp[] = [
  unit('to-server'),
  unit('to-client'),
  byte('to-server'),
  byte('to-client'),
  { op: 'deliver-all' },
  { op: 'advance', ms: 54_000 },
  { op: 'act', side: 'client', action: { type: 'text', text: 'Hello, world. 100% *sure*' } },
  { op: 'act', side: 'client', action: { type: 'text', text: '' } },
  { op: 'act', side: 'server', action: { type: 'text', text: 'héllo ✓ 你好', fragments: 3 } },
  { op: 'act', side: 'client', action: { type: 'binary', hex: '01 02 ff', fragments: 2 } },
  { op: 'act', side: 'client', action: { type: 'ping' } },
  { op: 'act', side: 'server', action: { type: 'ping', payload: '' } },
  { op: 'act', side: 'server', action: { type: 'pong', payload: 'a.b*c%2E' } },
  { op: 'act', side: 'client', action: { type: 'close' } },
  { op: 'act', side: 'client', action: { type: 'close', code: 1000 } },
  { op: 'act', side: 'server', action: { type: 'close', code: 4000, reason: 'lesson over.' } },
  { op: 'act', side: 'server', action: { type: 'close', reason: 'no code' } },
  { op: 'act', side: 'client', action: { type: 'raw', hex: '81 zz' } },
  { op: 'act', side: 'client', action: { type: 'raw', hex: 'a1 83 37 fa 21 3d', label: 'from the builder: text frame, FIN 1, RSV2 set, masked' } },
  { op: 'act', side: 'client', action: { type: 'frame', spec: { opcode: 0x1, fin: false, payload: new TextEncoder().encode('Frag') }, label: 'the first fragment' } },
  { op: 'act', side: 'client', action: { type: 'frame', spec: { opcode: 0x1, fin: true, rsv2: true, payload: Uint8Array.of(0x48, 0xff) } } },
];

describe('steps in a link', () => {
  it('come back exactly as they were, every kind of step', () => {
    expect(decodeOps(encodeOps(EVERY_KIND_OF_STEP))).toEqual(EVERY_KIND_OF_STEP);
  });

  it('write a run of the same delivery as one token with a count', () => {
    const ops = [unit('to-server'), unit('to-client'), ...Array(12).fill(byte('to-server')), byte('to-client'), byte('to-client'), { op: 'deliver-all' } as const];
    expect(encodeOps(ops)).toBe('S.C.s12.c2.a');
    expect(decodeOps('S.C.s12.c2.a')).toEqual(ops);
  });

  it('never merge actions or clock steps, which carry their own arguments', () => {
    const ping: SimulationOp = { op: 'act', side: 'client', action: { type: 'ping', payload: 'hi' } };
    expect(encodeOps([ping, ping, { op: 'advance', ms: 1000 }, { op: 'advance', ms: 1000 }])).toBe('xcp*hi.xcp*hi.t1000.t1000');
  });

  it('escape only what would break a token, and stay readable otherwise', () => {
    expect(encodeOps([{ op: 'act', side: 'client', action: { type: 'text', text: 'a.b*c%d' } }])).toBe('xct*a%2Eb%2Ac%25d');
    expect(encodeOps([{ op: 'act', side: 'server', action: { type: 'close', code: 1001, reason: 'restarting' } }])).toBe('xsx*1001*restarting');
  });

  it('keep the steps before a garbled token and drop the rest', () => {
    expect(decodeOps('S.C.s3.q7.s')).toEqual([unit('to-server'), unit('to-client'), byte('to-server'), byte('to-server'), byte('to-server')]);
    expect(decodeOps('S.xcx*notanumber.C')).toEqual([unit('to-server')]);
    expect(decodeOps('S.xcf*1*10*zz.C')).toEqual([unit('to-server')]);
    expect(decodeOps('s0')).toEqual([]);
    expect(decodeOps('')).toEqual([]);
  });

  it('cap what a hostile link expands to', () => {
    expect(decodeOps('s999999.c999999')).toHaveLength(0);
    expect(decodeOps(`s${MAX_LINK_STEPS}.c`)).toHaveLength(MAX_LINK_STEPS);
    expect(decodeOps('t999999999999999')).toEqual([]);
  });

  it('replay into the same simulation as the steps they came from', () => {
    const options = scenarioById('fragmented-with-ping')!.options;
    const ops: SimulationOp[] = [unit('to-server'), unit('to-client'), ...Array(20).fill(byte('to-server')), { op: 'act', side: 'server', action: { type: 'close', code: 1001, reason: 'bye.' } }, byte('to-client')];
    const original = replaySimulation(options, ops);
    const fromLink = replaySimulation(options, decodeOps(encodeOps(ops)));
    expect(fromLink.log).toEqual(original.log);
    expect(fromLink.view('server')).toEqual(original.view('server'));
    expect(fromLink.wire('to-client')).toEqual(original.wire('to-client'));
  });
});

describe('#/simulation links', () => {
  const initial = useExplorer.getState();
  beforeEach(() => useExplorer.setState(initial, true));
  const stateWith = (patch: Partial<ExplorerState>): ExplorerState => ({ ...initial, ...patch });

  it('carry the scenario and the steps', () => {
    const ops = [unit('to-server'), unit('to-client'), byte('to-server'), byte('to-server')];
    const hash = hashForState(stateWith({ view: 'simulation', simulationScenario: 'fragmented-with-ping', simulationOps: ops }));
    expect(hash).toBe('#/simulation?scenario=fragmented-with-ping&ops=S.C.s2');
    expect(stateFromHash(hash)).toEqual({ view: 'simulation', simulationScenario: 'fragmented-with-ping', simulationOps: ops });
  });

  it('open the default scenario with no steps for a bare link or an unknown scenario', () => {
    expect(stateFromHash('#/simulation')).toEqual({ view: 'simulation', simulationScenario: 'echo', simulationOps: [] });
    expect(stateFromHash('#/simulation?scenario=nope&ops=S.C')).toEqual({ view: 'simulation', simulationScenario: 'echo', simulationOps: [] });
    expect(stateFromHash('#/simulation?scenario=free&ops=S')).toMatchObject({ simulationScenario: 'free', simulationOps: [unit('to-server')] });
  });

  it('leave out steps too long for a link, and say the state does not fit', () => {
    const long: SimulationOp = { op: 'act', side: 'client', action: { type: 'text', text: 'x'.repeat(MAX_SHARED_INPUT_CHARS) } };
    const state = stateWith({ view: 'simulation', simulationScenario: 'free', simulationOps: [long] });
    expect(hashForState(state)).toBe('#/simulation?scenario=free');
    expect(fitsInLink(state)).toBe(false);
    expect(fitsInLink(stateWith({ view: 'simulation', simulationOps: [unit('to-server')] }))).toBe(true);
  });
});
