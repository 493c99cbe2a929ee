import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../engine/frame';
import { SIMULATION_SCENARIOS, scenarioById } from '../../engine/simulation-scenarios';
import { type Side, Simulation, type SimulationLogEntry, replaySimulation } from '../../engine/simulation';

/** Per side, the events each emitted, in order (notes left out). */
function eventsBySide(log: readonly SimulationLogEntry[]): Record<Side, unknown[]> {
  const bySide: Record<Side, unknown[]> = { client: [], server: [] };
  for (const entry of log) if (entry.kind === 'event') bySide[entry.side].push(entry.event);
  return bySide;
}

/** Delivers one byte at a time, each direction in turn, until both wires are empty. */
function deliverByteByByte(simulation: Simulation): number {
  let steps = 0;
  while (!simulation.quiet) {
    for (const direction of ['to-server', 'to-client'] as const) {
      if (simulation.wire(direction).length > 0) {
        simulation.apply({ op: 'deliver', direction, amount: 'byte' });
        steps++;
      }
    }
  }
  return steps;
}

function runToEnd(scenarioId: string, byteByByte: boolean): Simulation {
  const scenario = scenarioById(scenarioId)!;
  const simulation = new Simulation(scenario.options);
  const deliver = () => (byteByByte ? deliverByteByByte(simulation) : simulation.apply({ op: 'deliver-all' }));
  deliver();
  if (scenario.expected.advanceMs) {
    simulation.apply({ op: 'advance', ms: scenario.expected.advanceMs });
    deliver();
  }
  return simulation;
}

describe('simulation scenarios', () => {
  it.each(SIMULATION_SCENARIOS.map((s) => [s.id, s] as const))('%s reaches its expected states and close codes', (id, scenario) => {
    const simulation = runToEnd(id, false);
    for (const side of ['client', 'server'] as const) {
      expect(simulation.view(side), side).toMatchObject({ state: scenario.expected[side].state, closeCode: scenario.expected[side].closeCode });
    }
    expect(simulation.quiet).toBe(true);
  });

  it.each(SIMULATION_SCENARIOS.map((s) => [s.id] as const))('%s gives the same events stepped byte by byte as delivered at once', (id) => {
    const atOnce = runToEnd(id, false);
    const stepped = runToEnd(id, true);
    expect(eventsBySide(stepped.log)).toEqual(eventsBySide(atOnce.log));
    expect(['client', 'server'].map((side) => stepped.view(side as Side).closeCode)).toEqual(['client', 'server'].map((side) => atOnce.view(side as Side).closeCode));
  });

  it('answers the ping between fragments before the message is whole', () => {
    const simulation = runToEnd('fragmented-with-ping', false);
    const server = eventsBySide(simulation.log).server;
    expect(server).toEqual([
      { type: 'ping', payload: new TextEncoder().encode('between') },
      { type: 'text', text: 'Fragmented' },
    ]);
    expect(eventsBySide(simulation.log).client).toEqual([{ type: 'pong', payload: new TextEncoder().encode('between') }]);
  });

  it('fails with 1002 naming the rule when the broken frame\'s first byte arrives', () => {
    const simulation = new Simulation(scenarioById('protocol-error')!.options);
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' }); // the request
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' }); // the 101: the client opens and writes the frame
    expect(simulation.wire('to-server').map((u) => u.label)).toEqual(['text frame with RSV2 set: broken on purpose']);
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'byte' });
    const failure = simulation.log.find((e) => e.kind === 'event' && e.event.type === 'protocol-error');
    expect(failure).toMatchObject({ side: 'server', event: { problem: { kind: 'rsv-without-extension', closeCode: 1002, rfc: '5.2' } } });
    expect(simulation.wire('to-client').map((u) => u.label)).toEqual(['close 1002 Protocol Error: failing the connection (7.1.7)', 'TCP FIN: the connection is over on this side']);
  });
});

describe('what each side shows while bytes arrive', () => {
  it('names what the server waits for at each byte of a frame with a 16-bit length, as RFC 5.2 lays it out', () => {
    const simulation = new Simulation({ onOpen: { client: [{ type: 'text', text: 'x'.repeat(200) }] } });
    expect(simulation.view('server').waitingFor).toBe('waiting for the HTTP upgrade request');
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'byte' });
    expect(simulation.view('server').waitingFor).toBe('reading the HTTP upgrade request: 1 bytes so far, waiting for the empty line (CR LF CR LF) that ends the head');
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    expect(simulation.view('server').state).toBe('OPEN');
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' });
    expect(simulation.view('client').state).toBe('OPEN');
    const said: string[] = [];
    for (let i = 0; i < 9; i++) {
      simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'byte' });
      said.push(simulation.view('server').waitingFor);
    }
    expect(said).toEqual([
      'waiting for 1 more byte of the frame header (MASK bit and 7-bit length)',
      'waiting for 2 bytes of the 16-bit extended payload length',
      'waiting for 1 byte of the 16-bit extended payload length',
      'waiting for 4 bytes of the masking key',
      'waiting for 3 bytes of the masking key',
      'waiting for 2 bytes of the masking key',
      'waiting for 1 byte of the masking key',
      'reading payload: 0 of 200 bytes received, waiting for 200 more',
      'reading payload: 1 of 200 bytes received, waiting for 199 more',
    ]);
    expect(simulation.view('server').reading).toMatchObject({ bytesIn: 9, unit: { label: 'text frame' } });
  });

  it('puts the handshake on the wire first: the request, then the 101 with the accept for its own key', () => {
    const simulation = new Simulation();
    const [request] = simulation.wire('to-server');
    expect(request.kind).toBe('request');
    expect(new TextDecoder().decode(request.bytes)).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    const [response] = simulation.wire('to-client');
    const key = /Sec-WebSocket-Key: (\S+)/.exec(new TextDecoder().decode(request.bytes))![1];
    expect(new TextDecoder().decode(response.bytes)).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' });
    const notes = simulation.log.filter((e) => e.kind === 'note').map((e) => (e.kind === 'note' ? e.text : ''));
    expect(notes[1]).toMatch(/^the 101 checks out: Sec-WebSocket-Accept is \S+, as computed from its own key$/);
    expect(key).toHaveLength(24);
  });

  it('labels what each side owes the other: the automatic pong, the echoed close, the FIN', () => {
    const simulation = new Simulation({ onOpen: { client: [{ type: 'ping', payload: 'hi' }, { type: 'close', code: 1000 }] } });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    expect(simulation.wire('to-client').map((u) => u.label)).toEqual([
      'pong: the automatic answer to a ping (5.5.2)',
      "close 1000 Normal Closure: echoing the peer's close (5.5.1)",
      'TCP FIN: the connection is over on this side',
    ]);
  });

  it('masks every client frame and no server frame (5.3)', () => {
    const simulation = new Simulation({ onOpen: { client: [{ type: 'text', text: 'up' }], server: [{ type: 'text', text: 'down' }] } });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    const down = decodeFrames(simulation.wire('to-client')[1].bytes, { from: 'server' }).frames[0];
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' });
    const up = decodeFrames(simulation.wire('to-server')[0].bytes, { from: 'client' }).frames[0];
    expect([up.masked, up.text, up.problems]).toEqual([true, 'up', []]);
    expect([down.masked, down.text, down.problems]).toEqual([false, 'down', []]);
  });
});

describe('time and keepalive', () => {
  it('pings at pingPeriod and drops TCP at pongWait when no pong comes, never before', () => {
    const scenario = scenarioById('keepalive-timeout')!;
    const simulation = new Simulation(scenario.options);
    simulation.apply({ op: 'deliver-all' });
    simulation.apply({ op: 'advance', ms: 53_999 });
    expect(simulation.wire('to-client')).toEqual([]);
    simulation.apply({ op: 'advance', ms: 1 });
    expect(simulation.wire('to-client').map((u) => u.label)).toEqual(['ping: keepalive, every pingPeriod']);
    simulation.apply({ op: 'advance', ms: 5_999 });
    expect(simulation.view('server').state).toBe('OPEN');
    simulation.apply({ op: 'advance', ms: 1 });
    expect(simulation.view('server')).toMatchObject({ state: 'CLOSED', closeCode: 1006 });
    expect(simulation.now).toBe(60_000);
  });

  it('keeps the connection while the client answers', () => {
    const simulation = new Simulation({ keepalive: { pingPeriodMs: 54_000, pongWaitMs: 60_000 } });
    simulation.apply({ op: 'deliver-all' });
    for (let i = 0; i < 5; i++) {
      simulation.apply({ op: 'advance', ms: 54_000 });
      simulation.apply({ op: 'deliver-all' });
    }
    expect(simulation.view('server').state).toBe('OPEN');
    expect(simulation.now).toBe(270_000);
  });
});

describe('a simulation as a shared link holds it', () => {
  it('replays its history into the same wire, log and states', () => {
    const simulation = new Simulation({ seed: 42, onOpen: { client: [{ type: 'text', text: 'hello', fragments: 2 }] } });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'unit' });
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'byte' });
    simulation.apply({ op: 'deliver', direction: 'to-client', amount: 'unit' });
    simulation.apply({ op: 'act', side: 'server', action: { type: 'close', code: 4000, reason: 'lesson over' } });
    simulation.apply({ op: 'deliver', direction: 'to-server', amount: 'byte' });
    const again = replaySimulation({ seed: 42, onOpen: { client: [{ type: 'text', text: 'hello', fragments: 2 }] } }, simulation.history);
    expect(again.log).toEqual(simulation.log);
    expect(again.wire('to-server')).toEqual(simulation.wire('to-server'));
    expect(again.wire('to-client')).toEqual(simulation.wire('to-client'));
    expect(again.view('server')).toEqual(simulation.view('server'));
  });

  it('reports a caller mistake as a message, and goes on', () => {
    const simulation = runToEnd('client-closes', false);
    expect(simulation.apply({ op: 'act', side: 'client', action: { type: 'text', text: 'too late' } })).toMatch(/sendText\(\) in state CLOSED/);
    expect(simulation.apply({ op: 'act', side: 'client', action: { type: 'raw', hex: '81 zz' } })).toMatch(/not hex: .*'z'/);
    expect(simulation.apply({ op: 'act', side: 'client', action: { type: 'raw', hex: '81 00', label: 'a frame after the end' } })).toBeNull();
  });
});
