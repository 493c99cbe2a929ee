// The handshake stepper: the pasted request (and, on the client side, the
// response to check against it), which side's checks are shown, and the
// step a person has reached.

import type { StateCreator } from 'zustand';
import type { Role } from '../../../engine/connection';
import type { SampleServer } from '../../../engine/handshake-samples';
import type { ExplorerState } from './index';

/** The endpoint whose checks are shown: 'server' checks a request as a server would (4.2.1); 'client' checks a response (4.1). */
export type HandshakeSide = Role;

/** A handshake that really happened: the live session whose request and response were loaded. */
export interface LiveHandshakeSource {
  session: string;
  target: string;
  /** The texts loaded from it: once the stepper holds other texts, they are no longer the live ones. */
  request: string;
  response: string;
}

/** The live handshake the stepper holds now, or null when its texts are not (or no longer) a live session's. */
export function activeLiveHandshake(state: Pick<HandshakeSlice, 'liveHandshake' | 'requestText' | 'responseText'>): LiveHandshakeSource | null {
  const live = state.liveHandshake;
  return live && live.request === state.requestText && live.response === state.responseText ? live : null;
}

/** The simulated server's Origin rule, as the engine's samples name it. */
export type OriginPolicy = SampleServer['originPolicy'];

export interface HandshakeSlice {
  handshakeSide: HandshakeSide;
  requestText: string;
  responseText: string;
  /**
   * Set when the request and response are a live session's real bytes
   * (loadLiveHandshake): the server's side then compares the accept value it
   * derives with the one the server really sent. Editing either text clears it.
   */
  liveHandshake: LiveHandshakeSource | null;
  /** How many steps are revealed; the stepper's position. */
  handshakeStep: number;
  /** The server's Origin rule: gorilla's same-origin default, or any origin (4.2.1 step 8 leaves it to the server). */
  originPolicy: OriginPolicy;
  /** Subprotocols the simulated server speaks, comma separated, in its order of preference (4.2.2 /subprotocol/). */
  serverSubprotocols: string;
  /** The simulated server accepts permessage-deflate (RFC 7692), as the explorer's own server does unless told not to. */
  serverDeflate: boolean;
  setHandshakeSide: (side: HandshakeSide) => void;
  setRequestText: (text: string) => void;
  setResponseText: (text: string) => void;
  setHandshakeStep: (step: number) => void;
  setOriginPolicy: (policy: OriginPolicy) => void;
  setServerSubprotocols: (list: string) => void;
  setServerDeflate: (deflate: boolean) => void;
  /** A sample request (and the response it got), starting again from step 0; the server compresses unless `deflate` says not. */
  loadHandshakeSample: (request: string, response: string, server?: { originPolicy: OriginPolicy; subprotocols: string; deflate?: boolean }) => void;
  /** A live session's real request and response, from step 0, checked as the explorer's server checks (same origin). */
  loadLiveHandshake: (source: LiveHandshakeSource) => void;
}

export const createHandshakeSlice: StateCreator<ExplorerState, [], [], HandshakeSlice> = (set) => ({
  handshakeSide: 'server',
  requestText: '',
  responseText: '',
  handshakeStep: 0,
  liveHandshake: null,
  setHandshakeSide: (handshakeSide) => set({ handshakeSide, handshakeStep: 0 }),
  setRequestText: (requestText) => set({ requestText, handshakeStep: 0, liveHandshake: null }),
  setResponseText: (responseText) => set({ responseText, handshakeStep: 0, liveHandshake: null }),
  setHandshakeStep: (handshakeStep) => set({ handshakeStep: Math.max(0, handshakeStep) }),
  originPolicy: 'same-origin',
  serverSubprotocols: '',
  serverDeflate: true,
  setOriginPolicy: (originPolicy) => set({ originPolicy }),
  setServerSubprotocols: (serverSubprotocols) => set({ serverSubprotocols }),
  setServerDeflate: (serverDeflate) => set({ serverDeflate }),
  loadHandshakeSample: (requestText, responseText, server) => set({
    requestText,
    responseText,
    handshakeStep: 0,
    originPolicy: server?.originPolicy ?? 'same-origin',
    serverSubprotocols: server?.subprotocols ?? '',
    serverDeflate: server?.deflate ?? true,
    liveHandshake: null,
  }),
  loadLiveHandshake: (liveHandshake) => set({
    requestText: liveHandshake.request,
    responseText: liveHandshake.response,
    handshakeStep: 0,
    // The explorer's server checks Origin as gorilla does (server/upgrader.ts).
    originPolicy: 'same-origin',
    serverSubprotocols: '',
    // The simulated server compresses when the real one agreed to (RFC 7692 7.1), so its answer can be held beside the real one.
    serverDeflate: /^sec-websocket-extensions:[^\r\n]*permessage-deflate/im.test(liveHandshake.response),
    liveHandshake,
  }),
});
