// One case, start to end: TCP, the opening handshake, the case's actions,
// the wait for how the server ends the connection, the verdict, and the
// report with its wire log. Every wait is bounded by the case's own time
// (its timeoutMs, or what is left of the whole run, whichever ends first).

import { randomBytes } from 'node:crypto';
import { CloseCode } from '../../engine/close';
import { buildClientHandshake, handshakeFromRequest, parseWebSocketUrl } from '../../engine/client-handshake';
import { serializeRequest } from '../../engine/http-message';
import { type Action, type CaseDefinition, DEFAULT_CASE_TIMEOUT_MS, type Expectation, categoryOf, scriptOf } from './case-model';
import { type Verdict, judgeSession } from './judge';
import { judgeDeflateAnswer, judgeHandshake } from './judge-handshake';
import { limitScript } from './message-limit';
import { exchangeHandshake } from './probe-handshake';
import { ProbeSession } from './probe-session';
import { ProbeSocket, type TcpEnd } from './probe-socket';
import { type CaseReport, worseOutcome } from './report';
import { WireRecorder } from './wire-recorder';

export interface RunCaseOptions {
  /** --max-message: the server's message limit, or null. */
  maxMessage: number | null;
  /** performance.now() by which the whole run must be over. */
  runDeadline: number;
}

/** How long the server has to answer the client's close, and then to close TCP. */
const CLOSE_WAIT_MS = 3_000;
/** How long a server has to fail the connection after the case's last frame (Autobahn kills after 1 s). */
const FAIL_WAIT_MS = 2_000;
const CONNECT_WAIT_MS = 5_000;

const nodeRandomBytes = (n: number) => new Uint8Array(randomBytes(n));

const TCP_END_WORDS: Record<Exclude<TcpEnd, 'open'>, string> = {
  'closed-by-server': 'the server closed TCP',
  'reset-by-server': 'the server reset TCP (RST)',
  'closed-by-client': 'the client closed TCP',
};

export async function runCase(definition: CaseDefinition, url: string, options: RunCaseOptions): Promise<CaseReport> {
  const started = performance.now();
  const recorder = new WireRecorder(() => performance.now() - started);
  const budget = Math.max(0, Math.min(definition.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS, options.runDeadline - started));
  const remaining = () => Math.max(0, started + budget - performance.now());
  const { script, note } = limitScript(scriptOf(definition), options.maxMessage);
  const report = (verdict: Verdict): CaseReport => ({
    id: definition.id,
    category: categoryOf(definition.id),
    description: definition.description,
    rfc: definition.rfc,
    expectation: definition.expectation,
    outcome: verdict.outcome,
    findings: verdict.findings,
    ...(note ? { limitNote: note } : {}),
    durationMs: Math.round(performance.now() - started),
    wire: recorder.toLog(),
  });

  const target = parseWebSocketUrl(url);
  let socket: ProbeSocket;
  try {
    socket = await ProbeSocket.open(target.host, target.port, Math.min(remaining(), CONNECT_WAIT_MS));
  } catch (error) {
    recorder.event('client', error instanceof Error ? error.message : String(error));
    return report({ outcome: 'fail', findings: [`Could not connect: ${error instanceof Error ? error.message : String(error)}.`] });
  }
  socket.onEnd((end) => {
    if (end !== 'open') recorder.event(end === 'closed-by-client' ? 'client' : 'server', TCP_END_WORDS[end]);
  });
  // The case's own clock: when it runs out, TCP goes, and every wait ends.
  const watchdog = setTimeout(() => socket.destroy(), remaining() + 50);

  try {
    const plan = buildClientHandshake({ url, randomBytes: nodeRandomBytes, ...(definition.compression ? { extensions: definition.compression.offer } : {}) });
    const request = definition.handshake ? definition.handshake.alter(plan.request) : plan.request;
    const checkedAgainst = definition.handshake ? handshakeFromRequest(request) : plan;
    const exchange = await exchangeHandshake(socket, serializeRequest(request), recorder, Math.min(remaining(), CONNECT_WAIT_MS));
    const handshake = judgeHandshake(definition.handshake?.expect ?? { type: 'accept' }, exchange.response, exchange.problem, checkedAgainst);
    if (!handshake.upgraded) return report(handshake);

    const deflate = definition.compression && exchange.response ? judgeDeflateAnswer(definition.compression.offer, exchange.response) : null;
    const session = new ProbeSession(socket, recorder, deflate?.agreement ?? null, exchange.takeLeftover());
    const upfront: Verdict = { outcome: worseOutcome(handshake.outcome, deflate?.outcome ?? 'pass'), findings: [...handshake.findings, ...(deflate?.findings ?? [])] };
    if (upfront.outcome !== 'pass' && upfront.outcome !== 'lenient') {
      // Nothing to test on this connection: end it as a client should.
      await closeCleanly(session, socket, remaining);
      return report(upfront);
    }

    await playActions(script.actions, script.expect, session, socket, recorder, remaining);
    await awaitEnding(script.expect, session, socket, remaining);
    const timedOut = remaining() <= 0 ? `The case did not finish within its ${budget} ms.` : null;
    if (socket.isOpen) socket.destroy();
    const verdict = judgeSession(script.expect, {
      observations: session.observations,
      violations: session.violations,
      serverClose: session.serverClose,
      clientClose: session.clientClose,
      sentinelAnswered: session.sentinelAnswered,
      tcp: socket.tcp,
      timedOut,
    });
    return report({ outcome: worseOutcome(upfront.outcome, verdict.outcome), findings: [...upfront.findings, ...verdict.findings, ...session.notes] });
  } catch (error) {
    recorder.event('client', `internal error: ${error instanceof Error ? error.message : String(error)}`);
    return report({ outcome: 'fail', findings: [`The case could not run: ${error instanceof Error ? error.message : String(error)}.`] });
  } finally {
    clearTimeout(watchdog);
    socket.destroy();
  }
}

async function playActions(actions: Action[], expect: Expectation, session: ProbeSession, socket: ProbeSocket, recorder: WireRecorder, remaining: () => number): Promise<void> {
  const expectedReplies = expect.observations.filter((o) => o.type !== 'checkpoint').length;
  const checkpoint = async (action: Action): Promise<boolean> => {
    if (action.type !== 'checkpoint') return true;
    const ended = await socket.waitFor(() => session.serverFinished, Math.min(action.ms, remaining()));
    if (ended) {
      recorder.event('client', `wait ${action.label}: the server ended the connection within ${action.ms} ms`);
      return false;
    }
    session.observations.push({ type: 'checkpoint', label: action.label });
    recorder.event('client', `wait ${action.label}: the connection is still open after ${action.ms} ms`);
    return true;
  };

  for (let i = 0; i < actions.length; i++) {
    const action = actions[i];
    if (session.serverFinished || remaining() <= 0) {
      const left = actions.length - i;
      recorder.event('client', `${left} ${left === 1 ? 'step' : 'steps'} of the case not played: ${remaining() <= 0 ? 'out of time' : 'the server ended the connection'}`);
      return;
    }
    let goOn = true;
    switch (action.type) {
      case 'frames':
        goOn = await session.sendFrames(action.frames, action);
        break;
      case 'message':
        goOn = await session.sendMessage(action.opcode, action.payload, action.fragmentSize, action.chopSize);
        break;
      case 'frame-in-parts':
        goOn = await session.sendFrameInParts(action.frame, action.payloadCuts, (part) => checkpoint(action.between[part]));
        break;
      case 'checkpoint':
        goOn = await checkpoint(action);
        break;
      case 'pause':
        await new Promise((resolve) => setTimeout(resolve, Math.min(action.ms, remaining())));
        break;
      case 'close':
        // Autobahn closes once what it expects arrived; a server that sends less is found out by the judge.
        if (!action.immediately) await socket.waitFor(() => session.repliesReceived >= expectedReplies || session.serverFinished, Math.max(0, remaining() - CLOSE_WAIT_MS));
        goOn = await session.sendClose(action);
        break;
    }
    if (!goOn) return;
  }
}

async function awaitEnding(expect: Expectation, session: ProbeSession, socket: ProbeSocket, remaining: () => number): Promise<void> {
  if (expect.ending.type === 'fail' && !session.serverFinished && !session.clientClose) {
    // The sentinel's pong, when it comes first, says the server read it all and did not fail.
    await session.sendSentinelPing();
    await socket.waitFor(() => session.serverFinished || session.sentinelAnswered, Math.min(remaining(), FAIL_WAIT_MS));
    if (!session.serverFinished) {
      await closeCleanly(session, socket, remaining);
      return;
    }
  } else {
    await socket.waitFor(() => session.serverFinished, Math.min(remaining(), expect.ending.type === 'fail' ? FAIL_WAIT_MS : CLOSE_WAIT_MS));
  }
  await socket.waitFor(() => !socket.isOpen, Math.min(remaining(), CLOSE_WAIT_MS));
}

/** The client's normal close, then a bounded wait for the answer and the end of TCP. */
async function closeCleanly(session: ProbeSession, socket: ProbeSocket, remaining: () => number): Promise<void> {
  if (!session.clientClose && socket.isOpen) await session.sendClose({ code: CloseCode.Normal });
  await socket.waitFor(() => !socket.isOpen, Math.min(remaining(), 1_000));
}
