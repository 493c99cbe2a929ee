// How a session ended, in words a student can check against the frames:
// which close code applications saw and what it means (engine/close.ts),
// who sent the first close frame, whether the other side answered, and
// whether the close was clean (RFC 6455 7.1.5: both close frames crossed
// before TCP closed). Three endings need saying outright, because their
// codes never travel on the wire: an empty close frame is reported as 1005,
// TCP gone with no close frame as 1006 (7.1.5, 7.4.1), and a close frame
// carrying a code no endpoint may send is a protocol error (7.4.2).

import { closeCodeInfo, isSendableCloseCode } from '../../../../engine/close';
import type { Direction } from '../../../../engine/frame-model';
import type { TapClose, TapSessionState } from '../../../../engine/tap-messages';

/** A session's state as the view knows it: the tap's, or 'lost' when the tap forgot it before saying how it ended. */
export type LiveSessionState = TapSessionState | 'lost';

/** A close frame seen in the session (5.5.1). */
export interface CloseFrameSeen {
  from: Direction;
  at: number;
  /** Null when the body is shorter than a code's 2 bytes. */
  code: number | null;
  reason: string;
  bodyLength: number;
}

export interface EndingFacts {
  state: LiveSessionState;
  close: TapClose | null;
  /** The first close frame of each side, in the order they were seen. */
  closeFrames: readonly CloseFrameSeen[];
  /** The server's refusal, e.g. "HTTP/1.1 403 Forbidden", when the upgrade was refused. */
  refusal?: string | null;
}

export interface Ending {
  /** The code the session ended with, as applications see it; null when there is none (refused, still open). */
  code: number | null;
  /** "1000 Normal Closure", "Refused: HTTP/1.1 403 Forbidden"… */
  headline: string;
  /** Sentences saying what happened and what the code means. */
  explanation: string;
  /** Who sent the first close frame; null when nobody did (or it is not known). */
  closedFirst: Direction | null;
  /** True when both close frames crossed before TCP closed; null while still open or when it does not apply. */
  clean: boolean | null;
  /** The first close frame breaks a rule: an invalid code or a 1-byte body (a receiver answers 1002). */
  protocolError: boolean;
  /** Where the RFC says it. */
  rfc: string;
}

const WHO: Record<Direction, string> = { client: 'the client', server: 'the server' };
const OTHER: Record<Direction, Direction> = { client: 'server', server: 'client' };

/** How the session ended, or is ending; null while it is open with no close frame seen. */
export function explainEnding(facts: EndingFacts): Ending | null {
  const { state, close, closeFrames } = facts;
  if (state === 'refused') {
    return {
      code: null,
      headline: `Refused: ${facts.refusal ?? 'HTTP error'}`,
      explanation: 'The server answered the upgrade request with an HTTP error instead of 101, so no WebSocket connection was opened and no frame was sent.',
      closedFirst: null,
      clean: null,
      protocolError: false,
      rfc: '4.2.2',
    };
  }
  const first = closeFrames[0] ?? null;
  if (first) return endingFromCloseFrame(first, closeFrames, state === 'closed' ? close : null, state);
  if (state === 'lost') {
    return {
      code: null,
      headline: 'Unknown',
      explanation: 'The tap no longer holds this session and never said how it ended: it was dropped from the server’s history while this page was not connected.',
      closedFirst: null,
      clean: null,
      protocolError: false,
      rfc: '7.1.5',
    };
  }
  if (state !== 'closed' || !close) return null;
  if (close.code === 1006 || close.code === null) {
    return {
      code: 1006,
      headline: '1006 Abnormal Closure',
      explanation:
        'TCP closed with no close frame from either side, so applications report 1006, a code that is never sent on the wire. ' +
        `${closeCodeInfo(1006).advice}`,
      closedFirst: null,
      clean: false,
      protocolError: false,
      rfc: '7.1.5',
    };
  }
  const info = closeCodeInfo(close.code);
  return {
    code: close.code,
    headline: `${close.code} ${info.name}`,
    explanation: `The server reports the session ended with ${close.code} (${info.meaning}); its close frames are not in the history this page has.`,
    closedFirst: null,
    clean: close.wasClean,
    protocolError: false,
    rfc: '7.4.1',
  };
}

function endingFromCloseFrame(first: CloseFrameSeen, frames: readonly CloseFrameSeen[], close: TapClose | null, state: LiveSessionState): Ending {
  const who = WHO[first.from];
  const other = OTHER[first.from];
  const answered = frames.some((frame) => frame.from === other);
  const answer = answered
    ? ` ${capitalised(WHO[other])} answered with its own close frame.`
    : close || state === 'lost' ? ` ${capitalised(WHO[other])} never answered with a close frame.` : ` Waiting for ${WHO[other]}'s close frame.`;
  const clean = close ? close.wasClean : null;
  const cleanly = clean === null ? '' : clean ? ' Clean: both close frames crossed before TCP closed.' : ' Not clean: TCP closed before both close frames had crossed.';
  const because = first.reason ? ` Reason: “${first.reason}”.` : '';

  if (first.bodyLength === 0) {
    return {
      code: 1005,
      headline: '1005 No Status Received',
      explanation: `${capitalised(who)} closed first with an empty close frame: it carries no status code, so applications report 1005, a code that is never sent on the wire.${answer}${cleanly}`,
      closedFirst: first.from,
      clean,
      protocolError: false,
      rfc: '7.1.5',
    };
  }
  if (first.code === null) {
    return {
      code: 1002,
      headline: 'Protocol error: a 1-byte close body',
      explanation: `${capitalised(who)} sent a close frame whose body is 1 byte: a body holds a 2-byte code or nothing, so the receiver fails the connection with 1002.${answer}${cleanly}`,
      closedFirst: first.from,
      clean,
      protocolError: true,
      rfc: '5.5.1',
    };
  }
  const info = closeCodeInfo(first.code);
  if (!isSendableCloseCode(first.code)) {
    return {
      code: 1002,
      headline: `Protocol error: close code ${first.code}`,
      explanation:
        `${capitalised(who)} sent close code ${first.code} (${info.name}), which no endpoint may put in a close frame: ${info.meaning} ` +
        `The receiver fails the connection with 1002 Protocol Error.${because}${answer}${cleanly}`,
      closedFirst: first.from,
      clean,
      protocolError: true,
      rfc: '7.4.2',
    };
  }
  return {
    code: first.code,
    headline: `${first.code} ${info.name}`,
    explanation: `${capitalised(who)} closed first with ${first.code} ${info.name}: ${info.meaning}${because}${answer}${cleanly}`,
    closedFirst: first.from,
    clean,
    protocolError: false,
    rfc: '7.4.1',
  };
}

function capitalised(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
