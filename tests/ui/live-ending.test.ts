// explorer-ui/src/features/live/session-ending.ts: how a session ended, in
// words. The codes that never travel on the wire are said outright: an empty
// close frame is 1005, TCP gone with no close frame is 1006, and a close
// frame carrying a code no endpoint may send is a protocol error.

import { describe, expect, it } from 'vitest';
import type { TapClose } from '../../engine/tap-messages';
import { explainEnding, type CloseFrameSeen } from '../../explorer-ui/src/features/live/session-ending';

const closed = (code: number | null, wasClean: boolean): TapClose => ({ session: 's1', at: 2, code, reason: '', wasClean });
const frame = (from: 'client' | 'server', code: number | null, bodyLength: number, reason = ''): CloseFrameSeen => ({ from, at: 1, code, reason, bodyLength });

describe('explainEnding', () => {
  it('is null for an open session with no close frame', () => {
    expect(explainEnding({ state: 'open', close: null, closeFrames: [] })).toBeNull();
  });

  it('names the code, its meaning, who closed first and a clean close', () => {
    const ending = explainEnding({ state: 'closed', close: closed(1000, true), closeFrames: [frame('client', 1000, 5, 'bye'), frame('server', 1000, 2)] })!;
    expect(ending).toMatchObject({ code: 1000, headline: '1000 Normal Closure', closedFirst: 'client', clean: true, protocolError: false });
    expect(ending.explanation).toContain('The client closed first with 1000 Normal Closure');
    expect(ending.explanation).toContain('Reason: “bye”');
    expect(ending.explanation).toContain('The server answered with its own close frame');
    expect(ending.explanation).toContain('Clean');
  });

  it('says an empty close frame is 1005, never sent on the wire', () => {
    const ending = explainEnding({ state: 'closed', close: closed(1005, true), closeFrames: [frame('server', null, 0), frame('client', null, 0)] })!;
    expect(ending).toMatchObject({ code: 1005, headline: '1005 No Status Received', closedFirst: 'server' });
    expect(ending.explanation).toContain('empty close frame');
    expect(ending.explanation).toContain('never sent on the wire');
  });

  it('says TCP gone with no close frame is 1006', () => {
    const ending = explainEnding({ state: 'closed', close: closed(1006, false), closeFrames: [] })!;
    expect(ending).toMatchObject({ code: 1006, headline: '1006 Abnormal Closure', closedFirst: null, clean: false });
    expect(ending.explanation).toContain('no close frame from either side');
  });

  it('names an invalid code in a close frame as a protocol error', () => {
    for (const code of [1005, 1006, 999, 2000, 5000]) {
      const ending = explainEnding({ state: 'closed', close: closed(1002, false), closeFrames: [frame('client', code, 2)] })!;
      expect(ending.protocolError, String(code)).toBe(true);
      expect(ending.headline).toBe(`Protocol error: close code ${code}`);
      expect(ending.explanation).toContain('1002');
      expect(ending.explanation).toContain('never answered');
    }
    const oneByte = explainEnding({ state: 'closed', close: closed(1002, false), closeFrames: [frame('server', null, 1)] })!;
    expect(oneByte).toMatchObject({ protocolError: true, headline: 'Protocol error: a 1-byte close body' });
  });

  it('a private or registered code is valid and said to be the applications’ own', () => {
    const ending = explainEnding({ state: 'closed', close: closed(4000, true), closeFrames: [frame('server', 4000, 2), frame('client', 4000, 2)] })!;
    expect(ending).toMatchObject({ code: 4000, protocolError: false, headline: '4000 Private use' });
  });

  it('while closing: waits for the answer', () => {
    const ending = explainEnding({ state: 'open', close: null, closeFrames: [frame('client', 1001, 2)] })!;
    expect(ending).toMatchObject({ code: 1001, clean: null });
    expect(ending.explanation).toContain("Waiting for the server's close frame");
  });

  it('a refused upgrade and a session the tap forgot', () => {
    expect(explainEnding({ state: 'refused', close: closed(null, false), closeFrames: [], refusal: 'HTTP/1.1 403 Forbidden' })).toMatchObject({
      code: null,
      headline: 'Refused: HTTP/1.1 403 Forbidden',
    });
    expect(explainEnding({ state: 'lost', close: null, closeFrames: [] })).toMatchObject({ headline: 'Unknown' });
  });

  it('close frames outside the kept history: the code the server reports', () => {
    const ending = explainEnding({ state: 'closed', close: closed(1001, true), closeFrames: [] })!;
    expect(ending).toMatchObject({ code: 1001, headline: '1001 Going Away', clean: true });
    expect(ending.explanation).toContain('not in the history');
  });
});
