// The "pick a sample" menus of the handshake stepper. The samples themselves
// are the engine's (engine/handshake-samples.ts, tested there byte for byte);
// this file only chooses which to offer, under what short label, and what
// loading one puts in the stepper.

import {
  DEFAULT_SAMPLE_SERVER,
  findSample,
  handshakeSamples,
  type HandshakeSample,
  type SampleServer,
} from '../../../../engine/handshake-samples';
import { walkServerHandshake } from './server-walkthrough';

export interface SampleMenuEntry {
  id: string;
  /** Short chip text; the sample's own title is the tooltip. */
  label: string;
}

/** Requests that real clients (and the RFC) send. */
export const REQUEST_MENU: readonly SampleMenuEntry[] = [
  { id: 'rfc6455', label: 'RFC 6455 1.2 sample' },
  { id: 'chromium', label: 'Chromium' },
  { id: 'firefox', label: 'Firefox' },
  { id: 'curl', label: 'curl' },
  { id: 'node-ws', label: 'Node ws' },
  { id: 'shouting-and-folding', label: 'Odd case, folded' },
];

/** Requests that each break one rule. */
export const BROKEN_REQUEST_MENU: readonly SampleMenuEntry[] = [
  { id: 'post', label: 'POST' },
  { id: 'http10', label: 'HTTP/1.0' },
  { id: 'plain-get', label: 'No Upgrade' },
  { id: 'version-8', label: 'Version 8' },
  { id: 'hixie-76', label: 'hixie-76' },
  { id: 'short-key', label: '15-byte key' },
  { id: 'cross-origin', label: 'Cross-site' },
  { id: 'space-before-colon', label: 'Space before colon' },
];

/** Responses, each loaded with the request it answers, for the client's side. */
export const RESPONSE_MENU: readonly SampleMenuEntry[] = [
  { id: 'rfc6455-response', label: 'RFC 6455 1.2 response' },
  { id: 'node-ws-response', label: 'ws server, deflate' },
  { id: 'wrong-accept-response', label: 'Wrong accept' },
  { id: 'unoffered-subprotocol', label: 'Unoffered subprotocol' },
  { id: 'refused-426', label: '426 refusal' },
];

export interface SampleServerChoice {
  originPolicy: SampleServer['originPolicy'];
  /** As typed in the stepper: comma separated. */
  subprotocols: string;
  /** Accepts permessage-deflate (RFC 7692), as the explorer's server does. */
  deflate: boolean;
}

export interface LoadedSample {
  requestText: string;
  responseText: string;
  server: SampleServerChoice;
}

/** The sample a menu entry names; a typo in the menus above is a programming error. */
export function menuSample(entry: SampleMenuEntry): HandshakeSample {
  const sample = findSample(entry.id);
  if (!sample) throw new Error(`no handshake sample "${entry.id}"`);
  return sample;
}

/**
 * What picking a sample loads: a request with the server it was written for
 * and the response it got (a captured one when the samples have it, else the
 * simulated server's own answer); a response with the request it answers.
 */
export function loadSample(sample: HandshakeSample): LoadedSample {
  if (sample.kind === 'response') {
    const request = sample.answers ? findSample(sample.answers) : undefined;
    if (!request) throw new Error(`response sample "${sample.id}" answers no known request`);
    return { ...loadSample(request), responseText: sample.text };
  }
  const policy = sample.server ?? DEFAULT_SAMPLE_SERVER;
  const server: SampleServerChoice = { originPolicy: policy.originPolicy, subprotocols: policy.subprotocols.join(', '), deflate: true };
  const captured = handshakeSamples.find((s) => s.kind === 'response' && s.answers === sample.id && s.breaks === undefined);
  return { requestText: sample.text, responseText: captured?.text ?? simulatedAnswer(sample.text, server), server };
}

/** The response the stepper's simulated server gives `requestText`, or '' when it cannot read the request. */
export function simulatedAnswer(requestText: string, server: SampleServerChoice): string {
  const walk = walkServerHandshake(requestText, { originPolicy: server.originPolicy, subprotocols: splitSubprotocols(server.subprotocols), deflate: server.deflate });
  return walk.kind === 'steps' ? new TextDecoder().decode(walk.decision.responseBytes) : '';
}

/** "chat, superchat" → ["chat", "superchat"]. */
export function splitSubprotocols(list: string): string[] {
  return list.split(',').map((p) => p.trim()).filter(Boolean);
}
