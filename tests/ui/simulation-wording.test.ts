// explorer-ui/src/features/simulation/simulation-wording.ts: what the engine
// says in the Simulation view, put into Chinese. Every scenario is stepped
// byte by byte, and every sentence the engine produces on the way (unit
// labels, notes, what each reader waits for) and every refusal a student can
// provoke is recognised and has its Chinese, with its values intact; in
// English each is the engine's own sentence, untouched. The side words
// (side-words.ts) and the action form speak Chinese too.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../engine/hex';
import type { Problem } from '../../engine/problem';
import { Simulation, type SideAction, type SimulationOp } from '../../engine/simulation';
import { SIMULATION_SCENARIOS } from '../../engine/simulation-scenarios';
import { buildFrame } from '../../explorer-ui/src/features/builder/build-frame';
import { SCENARIO_CHOICES, scenarioChoice } from '../../explorer-ui/src/features/simulation/scenario-menu';
import { actionFromForm, builderLabel, EMPTY_FORM } from '../../explorer-ui/src/features/simulation/side-action-form';
import { clockWords, logLine, standingWords } from '../../explorer-ui/src/features/simulation/side-words';
import { SimulationRunner } from '../../explorer-ui/src/features/simulation/simulation-runner';
import { takeSnapshot } from '../../explorer-ui/src/features/simulation/simulation-snapshot';
import { simulationWording } from '../../explorer-ui/src/features/simulation/simulation-wording';
import { i18n } from '../../explorer-ui/src/i18n';
import { DEFAULT_BUILDER } from '../../explorer-ui/src/store/builder-slice';

const zhT = i18n.getFixedT('zh');
const enT = i18n.getFixedT('en');
const zh = simulationWording(zhT);
const en = simulationWording(enT);
const CJK = /[\u4e00-\u9fff]/;

interface Said {
  labels: Set<string>;
  notes: Set<string>;
  readers: Set<string>;
  /** The rules broken on the way: a failed reader names one. */
  problems: Problem[];
}

/** Everything a simulation says while it runs: `ops` first, then one byte at a time (the earliest written first) until both wires are empty. */
function walk(simulation: Simulation, ops: readonly SimulationOp[], said: Said): void {
  const look = () => {
    for (const direction of ['to-server', 'to-client'] as const) for (const unit of simulation.wire(direction)) said.labels.add(unit.label);
    for (const side of ['client', 'server'] as const) said.readers.add(simulation.view(side).waitingFor);
  };
  look();
  for (const op of ops) {
    simulation.apply(op);
    look();
  }
  for (let guard = 0; !simulation.quiet && guard < 5000; guard++) {
    const toServer = simulation.wire('to-server')[0];
    const toClient = simulation.wire('to-client')[0];
    const direction = !toClient || (toServer && toServer.id < toClient.id) ? 'to-server' : 'to-client';
    simulation.apply({ op: 'deliver', direction, amount: 'byte' });
    look();
  }
  for (const entry of simulation.log) {
    if (entry.kind === 'note') said.notes.add(entry.text);
    else if (entry.event.type === 'protocol-error') said.problems.push(entry.event.problem);
  }
}

const act = (side: 'client' | 'server', action: SideAction): SimulationOp => ({ op: 'act', side, action });
const handshake: SimulationOp[] = [{ op: 'deliver', direction: 'to-server', amount: 'unit' }, { op: 'deliver', direction: 'to-client', amount: 'unit' }];

function everythingSaid(): Said {
  const built = buildFrame({ ...DEFAULT_BUILDER, rsv2: true, rsv3: true });
  if (!built.ok) throw new Error(built.problem);
  const fromBuilder = built.bytes;
  const said: Said = { labels: new Set(), notes: new Set(), readers: new Set(), problems: [] };
  for (const scenario of SIMULATION_SCENARIOS) {
    const simulation = new Simulation(scenario.options);
    walk(simulation, scenario.expected.advanceMs ? [{ op: 'deliver-all' }, { op: 'advance', ms: scenario.expected.advanceMs }] : [], said);
  }
  const free = scenarioChoice('free')!.options;
  // Actions a student takes: fragments, an unlabelled frame, a close with no code, bytes by hand, the builder's frame.
  walk(new Simulation(free), [
    ...handshake,
    act('client', { type: 'text', text: 'Hello', fragments: 3 }),
    act('client', { type: 'frame', spec: { opcode: 0x2, fin: true, payload: Uint8Array.of(1, 2) } }),
    act('server', { type: 'binary', hex: '01 02 03' }),
    act('server', { type: 'ping', payload: 'hi' }),
    act('client', { type: 'pong' }),
    act('client', { type: 'raw', hex: '81 00', label: 'bytes put on the wire by hand' }),
    act('client', { type: 'raw', hex: bytesToHex(fromBuilder), label: builderLabel(fromBuilder) }),
  ], said);
  walk(new Simulation(free), [...handshake, act('server', { type: 'close' })], said);
  // A 64-bit length: the reader waits for 8 bytes of it.
  walk(new Simulation(free), [...handshake, act('client', { type: 'binary', hex: '00'.repeat(70_000) })], said);
  // A server that answers with something other than a 101: the client fails the connection.
  walk(new Simulation(free), [act('server', { type: 'raw', hex: bytesToHex(new TextEncoder().encode('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')) })], said);
  walk(new Simulation(free), [act('server', { type: 'raw', hex: bytesToHex(new TextEncoder().encode('HTTP/1.1 101 Switching\rProtocols\r\n\r\n')) })], said);
  return said;
}

describe('the engine\'s words in the Simulation view', () => {
  const said = everythingSaid();

  it('every scenario the menu offers has its title and summary in Chinese, and in English the engine\'s own', () => {
    expect(SCENARIO_CHOICES.length).toBe(SIMULATION_SCENARIOS.length + 1);
    for (const choice of SCENARIO_CHOICES) {
      expect(zh.scenarioTitle(choice), choice.id).toMatch(CJK);
      expect(zh.scenarioSummary(choice), choice.id).toMatch(CJK);
      expect(en.scenarioTitle(choice)).toBe(choice.title);
      expect(en.scenarioSummary(choice)).toBe(choice.summary);
    }
    // The numbers a summary names are the numbers in its Chinese.
    for (const choice of SCENARIO_CHOICES) {
      for (const number of choice.summary.match(/\b\d{2,}\b/g) ?? []) expect(zh.scenarioSummary(choice), choice.id).toContain(number);
    }
  });

  it('every unit label, note and reader state the scenarios produce has its Chinese, keeping its values', () => {
    const all = [...[...said.labels].map((s) => ['label', s] as const), ...[...said.notes].map((s) => ['note', s] as const), ...[...said.readers].map((s) => ['reader', s] as const)];
    expect(all.length).toBeGreaterThan(60);
    const chinese = (kind: (typeof all)[number][0], english: string) => (kind === 'reader' ? zh.reader(english, said.problems) : zh[kind](english));
    // Chinese, with no English sentence left inside (identifiers such as Sec-WebSocket-Accept or Switching Protocols stay).
    const untranslated = all.filter(([kind, english]) => !CJK.test(chinese(kind, english)) || /[a-z]+ [a-z]+ [a-z]+/.test(chinese(kind, english)));
    expect(untranslated).toEqual([]);
    for (const [kind, english] of all) {
      expect(kind === 'reader' ? en.reader(english, said.problems) : en[kind](english)).toBe(english);
      // Numbers, hex bytes and keys survive: every run of digits of the English is in the Chinese.
      for (const value of english.match(/[0-9A-Za-z+/=]{16,}|\b\d+\b/g) ?? []) {
        if (['1', '2', '3', '7'].includes(value)) continue; // bit widths and section numbers are reworded
        expect(chinese(kind, english), english).toContain(value);
      }
    }
  });

  it('names specific sentences as a Chinese teacher would', () => {
    expect(zh.reader('waiting for the HTTP upgrade request')).toBe('在等 HTTP 升级请求');
    expect(zh.reader('waiting for 4 bytes of the masking key')).toBe('在等掩码键，还差 4 字节');
    expect(zh.reader('reading payload: 1 of 4 bytes received, waiting for 3 more')).toBe('在读载荷：共 4 字节，已收到 1 字节，还差 3 字节');
    expect(zh.label('close 1000 Normal Closure: echoing the peer\'s close (5.5.1)')).toBe('关闭帧（1000 正常关闭）：回送对端的关闭帧（5.5.1）');
    expect(zh.label('close no code: starting the closing handshake')).toBe('关闭帧（无关闭码）：发起关闭握手');
    expect(zh.label('ping frame')).toBe('Ping 帧');
    expect(zh.label('from the builder: text frame, FIN 1, RSV2 set, masked')).toBe('来自构造器：文本帧，FIN 1，RSV2 置位，已加掩码');
    expect(zh.note('no pong within 60000 ms: dropping the connection')).toBe('60000 毫秒内没有等到 Pong：断开连接');
  });

  it('a failed reader names the broken rule in Chinese', () => {
    const scenario = scenarioChoice('protocol-error')!;
    const ops: SimulationOp[] = [...handshake, { op: 'deliver', direction: 'to-server', amount: 'byte' }];
    const snapshot = takeSnapshot(new SimulationRunner().sync(scenario, ops), ops);
    const server = snapshot.sides.server;
    const problems = server.log.flatMap((e) => (e.kind === 'event' && e.event.type === 'protocol-error' ? [e.event.problem] : []));
    expect(server.waitingFor).toMatch(/^failed: RSV2 is set/);
    expect(zh.reader(server.waitingFor, problems)).toMatch(/^已经失败：RSV2 被置位.*；流里剩下的字节全部丢弃$/);
    expect(en.reader(server.waitingFor, problems)).toBe(server.waitingFor);
  });

  it('every refusal a student can provoke has its Chinese', () => {
    const free = scenarioChoice('free')!.options;
    const refusals: string[] = [];
    const refused = (ops: SimulationOp[]) => {
      const simulation = new Simulation(free);
      for (const op of ops) {
        const refusal = simulation.apply(op);
        if (refusal) refusals.push(refusal);
      }
    };
    refused([act('client', { type: 'text', text: 'too early' })]);
    refused([act('client', { type: 'close', code: 1000 })]);
    refused([...handshake, act('client', { type: 'close', code: 1005 })]);
    refused([...handshake, act('client', { type: 'ping', payload: 'x'.repeat(126) })]);
    refused([...handshake, act('client', { type: 'text', text: 'hi', fragments: 1.5 })]);
    refused([...handshake, act('client', { type: 'binary', hex: 'zz' })]);
    refused([...handshake, act('client', { type: 'close', code: 1000, reason: 'x'.repeat(124) })]);
    refused([{ op: 'advance', ms: -1 }]);
    refused([...handshake, act('client', { type: 'close', code: 1000 }), act('client', { type: 'text', text: 'late' })]);
    expect(refusals).toHaveLength(9);
    for (const english of refusals) {
      expect(zh.refusal(english), english).toMatch(CJK);
      expect(en.refusal(english)).toBe(english);
      expect(zh.note(`refused: ${english}`), english).toMatch(/^拒绝执行：/);
    }
    expect(zh.refusal('sendText() in state CLOSED: nothing may be sent after a close frame (RFC 6455 5.5.1)')).toBe('在 CLOSED 状态下调用了 sendText()：发出关闭帧之后，就什么都不能再发送了（RFC 6455 5.5.1）');
  });
});

describe('the side words and the action form in Chinese', () => {
  const run = (id: string, ops: SimulationOp[]) => {
    const scenario = scenarioChoice(id)!;
    return takeSnapshot(new SimulationRunner().sync(scenario, ops), ops);
  };

  it('say how each side ended, the clock and each event', () => {
    const both = run('both-close', [{ op: 'deliver-all' }]);
    expect(standingWords(zhT, both.sides.client)).toBe('以 1001 端点离开 关闭；是这一端先发出关闭帧的。');
    expect(clockWords(zhT, 60_000)).toBe('60.000 秒');
    const failed = run('protocol-error', [{ op: 'deliver-all' }]).sides.server.log.map((entry) => logLine(zhT, entry));
    expect(failed.find((l) => l.tone === 'bad')!.headline).toMatch(/^协议错误：RSV2 被置位.*；以 1002 协议错误 使连接失败$/);
    expect(failed.filter((l) => l.tone === 'note').every((l) => CJK.test(l.headline))).toBe(true);
    const echoed = run('echo', [{ op: 'deliver-all' }]).sides.client.log.map((entry) => logLine(zhT, entry));
    expect(echoed.find((l) => l.headline === '消息（文本）')).toMatchObject({ text: 'Hello back' });
  });

  it('the form says what is wrong in Chinese', () => {
    const built = buildFrame(DEFAULT_BUILDER);
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'text', fragments: 'two' }, built, zhT)).toEqual({ ok: false, error: expect.stringMatching(/^帧数要填整数/) });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'close', code: 'x' }, built, zhT)).toEqual({ ok: false, error: expect.stringMatching(/^关闭码是一个数字/) });
    expect(actionFromForm({ ...EMPTY_FORM, kind: 'builder' }, buildFrame({ ...DEFAULT_BUILDER, maskingKeyHex: 'zz' }), zhT)).toEqual({ ok: false, error: expect.stringMatching(/^构造器构造不出它的帧：/) });
  });
});
