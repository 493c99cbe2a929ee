// What a person would share lives in the URL's hash, so a link restores the
// view and works from the static build with no server:
//
//   #/decoder?hex=81+85+37+fa…&from=client     (no from: unknown; deflate=1 or =no-context-takeover)
//   #/builder?op=9&bits=1000&mask=37fa213d&pm=text&p=hi   (deflate=1: compressed)
//   #/handshake?side=server&req=GET+%2Fchat…&step=4   (deflate=1: the server compresses)
//   #/close-codes?q=1006
//   #/live?follow=3f9c…&dir=client&kind=control&q=hello   (or session=s12)
//   #/simulation?scenario=fragmented-with-ping&ops=S.C.s12   (features/simulation/ops-link.ts)
//   #/lessons?lesson=04-frame-anatomy&step=3&lang=zh&presenter=1
//
// Every view's link also carries the interface's language when it is not
// English: &lang=zh, the parameter lesson links had first, so a lesson link
// read in Chinese opens the whole interface in Chinese, and the other way
// round. Opening a link without it means English, as it always did; a
// link followed inside the page without it keeps the language in use.
//
// Only the open view's state goes in the link, which keeps links short. The
// views are app/views.ts's; each one whose state is worth sharing has a
// LinkCodec below, and any other links as a bare #/<id>.
//
// Links once shared keep their meaning: a parameter is never renamed or
// given a new meaning, only added (with a default that is what older links
// meant); tests/ui/url-state.test.ts holds links of every version.

import { isViewId } from '../app/views';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/language';
import { useExplorer, type ExplorerState, type ViewId } from './index';
import { DEFAULT_BUILDER, type BuilderSettings, type LengthEncoding, type PayloadMode } from './builder-slice';
import { NO_DEFLATE, type DecoderDirection } from './decoder-slice';
import { activeLiveHandshake, type HandshakeSide, type OriginPolicy } from './handshake-slice';
import { isNonce } from '../features/live/live-nonce';
import { readLessonsLink, writeLessonsLink } from './lessons-link';
import type { DirectionFilter, KindFilter } from '../features/live/timeline-filter';
import { readSimulationLink, simulationFitsInLink, writeSimulationLink } from '../features/simulation/simulation-link';

/** Longest pasted input a link carries; beyond it the link would be unusable. */
export const MAX_SHARED_INPUT_CHARS = 16 * 1024;

/** How one view's state travels in a link. */
interface LinkCodec {
  write: (params: URLSearchParams, state: ExplorerState) => void;
  /** Unknown or malformed parameters are ignored, never thrown. */
  read: (params: URLSearchParams) => Partial<ExplorerState>;
  /** Whether the state fits in a link; without it, it always does. */
  fits?: (state: ExplorerState) => boolean;
}

const LINK_CODECS: { readonly [V in ViewId]?: LinkCodec } = {
  decoder: {
    write: (params, state) => {
      const input = compactInput(state.decoderInput);
      if (input && input.length <= MAX_SHARED_INPUT_CHARS) params.set('hex', input);
      if (state.decoderFrom !== 'unknown') params.set('from', state.decoderFrom);
      if (state.decoderDeflate.negotiated) params.set('deflate', state.decoderDeflate.noContextTakeover ? 'no-context-takeover' : '1');
    },
    read: (params) => {
      const from = params.get('from');
      const deflate = params.get('deflate');
      return {
        decoderInput: params.get('hex') ?? '',
        decoderFileName: null,
        decoderFile: null,
        decoderPastedText: null,
        // Links written before 'unknown' existed always named the direction, so one that names none means unknown.
        ...(from === 'client' || from === 'server' ? { decoderFrom: from } : from === null ? { decoderFrom: 'unknown' satisfies DecoderDirection } : {}),
        // Links from before the deflate switch meant no permessage-deflate.
        decoderDeflate: deflate === '1' || deflate === 'no-context-takeover' ? { negotiated: true, noContextTakeover: deflate === 'no-context-takeover' } : NO_DEFLATE,
      };
    },
    fits: (state) => {
      if (state.decoderFile || state.decoderPastedText !== null) return false;
      // Cheap first: this runs on every store change, and inputs can be megabytes.
      return state.decoderInput.length <= MAX_SHARED_INPUT_CHARS || compactInput(state.decoderInput).length <= MAX_SHARED_INPUT_CHARS;
    },
  },
  builder: {
    write: (params, state) => writeBuilder(params, state.builder),
    read: (params) => ({ builder: readBuilder(params) }),
  },
  handshake: {
    write: (params, state) => {
      params.set('side', state.handshakeSide);
      const fits = handshakeFits(state);
      if (state.requestText && fits) params.set('req', state.requestText);
      if (state.responseText && fits) params.set('res', state.responseText);
      if (state.handshakeStep > 0) params.set('step', String(state.handshakeStep));
      if (state.originPolicy !== 'same-origin') params.set('origin', state.originPolicy);
      if (state.serverSubprotocols) params.set('protocols', state.serverSubprotocols);
      if (state.serverDeflate) params.set('deflate', '1');
      const live = activeLiveHandshake(state);
      if (live && fits) params.set('live', live.session);
    },
    read: (params) => {
      const side = params.get('side');
      return {
        ...(side === 'server' || side === 'client' ? { handshakeSide: side satisfies HandshakeSide } : {}),
        requestText: params.get('req') ?? '',
        responseText: params.get('res') ?? '',
        handshakeStep: integerParam(params, 'step', 0, 999) ?? 0,
        // Links from before the server's policy travelled meant gorilla's default.
        originPolicy: (params.get('origin') === 'any' ? 'any' : 'same-origin') satisfies OriginPolicy,
        serverSubprotocols: params.get('protocols') ?? '',
        // Links from before the server's permessage-deflate travelled meant a server that did not compress.
        serverDeflate: params.get('deflate') === '1',
        ...liveHandshakeOf(params),
      };
    },
    fits: (state) => handshakeFits(state),
  },
  'close-codes': {
    write: (params, state) => {
      if (state.closeCodeQuery) params.set('q', state.closeCodeQuery);
    },
    read: (params) => ({ closeCodeQuery: params.get('q') ?? '' }),
  },
  lessons: { write: writeLessonsLink, read: readLessonsLink },
  live: {
    write: (params, state) => {
      if (state.liveSessionId) params.set('session', state.liveSessionId);
      else if (state.liveFollow) params.set('follow', state.liveFollow);
      const { direction, kind, search } = state.liveFilter;
      if (direction !== 'both') params.set('dir', direction);
      if (kind !== 'all') params.set('kind', kind);
      if (search) params.set('q', search);
    },
    read: (params) => {
      const session = params.get('session');
      const follow = params.get('follow');
      const dir = params.get('dir');
      const kind = params.get('kind');
      return {
        liveSessionId: session && isSessionId(session) ? session : null,
        liveFollow: follow && isNonce(follow) && !session ? follow : null,
        liveFilter: {
          direction: (dir === 'client' || dir === 'server' ? dir : 'both') satisfies DirectionFilter,
          kind: (kind === 'data' || kind === 'control' ? kind : 'all') satisfies KindFilter,
          search: (params.get('q') ?? '').slice(0, 200),
        },
      };
    },
  },
  simulation: {
    write: (params, state) => writeSimulationLink(params, state, MAX_SHARED_INPUT_CHARS),
    read: (params) => readSimulationLink(params),
    fits: (state) => simulationFitsInLink(state, MAX_SHARED_INPUT_CHARS),
  },
};

/** Session ids are the server's (server/upgrader.ts): short, printable, no spaces. */
function isSessionId(text: string): boolean {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(text);
}

/** A handshake link that names the live session its request and response came from (nothing when it names none). */
function liveHandshakeOf(params: URLSearchParams): Pick<ExplorerState, 'liveHandshake'> | object {
  const session = params.get('live');
  const request = params.get('req');
  if (!session || !isSessionId(session) || !request) return {};
  const target = request.split(/\r?\n/)[0].split(' ')[1] ?? '';
  return { liveHandshake: { session, target, request, response: params.get('res') ?? '' } };
}

/** Whether the open view's state fits in a link. */
export function fitsInLink(state: ExplorerState): boolean {
  return LINK_CODECS[state.view]?.fits?.(state) ?? true;
}

function handshakeFits(state: ExplorerState): boolean {
  return state.requestText.length + state.responseText.length <= MAX_SHARED_INPUT_CHARS;
}

/** Whitespace runs collapse to one space: the same bytes, a shorter link. */
function compactInput(text: string): string {
  return text.replace(/[ \t]+/g, ' ').trim();
}

export function hashForState(state: ExplorerState): string {
  const params = new URLSearchParams();
  LINK_CODECS[state.view]?.write(params, state);
  if (state.language !== DEFAULT_LANGUAGE) params.set('lang', state.language);
  const query = params.toString();
  return `#/${state.view}${query ? `?${query}` : ''}`;
}

/** The state a hash describes; unknown or malformed parts are ignored, never thrown. */
export function stateFromHash(hash: string): Partial<ExplorerState> {
  const match = /^#\/?([a-z-]*)(?:\?(.*))?$/.exec(hash);
  const view = match?.[1] ?? '';
  if (!match || !isViewId(view)) return {};
  const params = new URLSearchParams(match[2] ?? '');
  return { view, ...LINK_CODECS[view]?.read(params) };
}

/**
 * The interface's language a hash sets, for any view: lang=zh, or lang=en.
 * A hash that names none (an older link, a link inside a page, a history
 * entry from before the switch) keeps `current`, which on opening the page
 * is English. It sets the one setting both ways the store holds it
 * (shell-slice.ts), so a lesson link and the header always agree.
 */
export function languageFromHash(hash: string, current: Language = DEFAULT_LANGUAGE): Pick<ExplorerState, 'language'> {
  const lang = new URLSearchParams(/\?(.*)$/.exec(hash)?.[1] ?? '').get('lang');
  const language = isLanguage(lang) ? lang : current;
  return { language };
}

/** Everything a link sets: the open view's state and the language (`current` when it names none). */
export function stateFromLink(hash: string, current: Language = DEFAULT_LANGUAGE): Partial<ExplorerState> {
  return { ...stateFromHash(hash), ...languageFromHash(hash, current) };
}

/**
 * A parameter written as a decimal integer within [min, max], else null: an
 * empty value, '0x9', '1e1' or '2.5' was never written by a link, so it is
 * garbled and ignored.
 */
function integerParam(params: URLSearchParams, name: string, min: number, max: number): number | null {
  const text = params.get(name);
  if (text === null || !/^[0-9]{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

function writeBuilder(params: URLSearchParams, b: BuilderSettings): void {
  params.set('op', String(b.opcode));
  params.set('bits', [b.fin, b.rsv1, b.rsv2, b.rsv3].map((bit) => (bit ? '1' : '0')).join(''));
  if (b.masked) params.set('mask', b.maskingKeyHex);
  params.set('pm', b.payloadMode);
  if (b.payloadMode === 'text') params.set('p', b.payloadText);
  if (b.payloadMode === 'hex') params.set('p', b.payloadHex);
  if (b.payloadMode === 'close') {
    params.set('code', String(b.closeCode));
    if (b.closeReason) params.set('reason', b.closeReason);
  }
  if (b.compress) params.set('deflate', '1');
  if (b.lengthEncoding !== 'shortest') params.set('len', b.lengthEncoding);
  if (b.setLengthMostSignificantBit) params.set('msb', '1');
  if (b.allowInvalid) params.set('invalid', '1');
}

function readBuilder(params: URLSearchParams): BuilderSettings {
  // A link with no builder settings (the navigation's own) opens the default frame.
  if (!params.has('op')) return DEFAULT_BUILDER;
  const b: BuilderSettings = { ...DEFAULT_BUILDER };
  b.opcode = integerParam(params, 'op', 0, 15) ?? b.opcode;
  const bits = params.get('bits');
  if (bits && /^[01]{4}$/.test(bits)) [b.fin, b.rsv1, b.rsv2, b.rsv3] = [...bits].map((bit) => bit === '1');
  const mask = params.get('mask');
  b.masked = mask !== null;
  if (mask !== null) b.maskingKeyHex = mask.slice(0, 64);
  const mode = params.get('pm');
  if (mode === 'text' || mode === 'hex' || mode === 'close') b.payloadMode = mode satisfies PayloadMode;
  const payload = params.get('p') ?? '';
  if (b.payloadMode === 'text') b.payloadText = payload;
  if (b.payloadMode === 'hex') b.payloadHex = payload;
  b.closeCode = integerParam(params, 'code', 0, 0xffff) ?? b.closeCode;
  b.closeReason = params.get('reason') ?? '';
  // Links from before the compress option built the payload as it is.
  b.compress = params.get('deflate') === '1';
  const len = params.get('len');
  if (len === '16' || len === '64') b.lengthEncoding = len satisfies LengthEncoding;
  b.setLengthMostSignificantBit = params.get('msb') === '1';
  b.allowInvalid = params.get('invalid') === '1';
  return b;
}

/**
 * Keeps the store and location.hash in step: the hash is read at start and
 * on hashchange (back/forward, an edited link); store changes replace the
 * hash, and a change of view pushes a history entry so Back returns to it.
 */
export function bindStoreToUrl(win: Window): () => void {
  useExplorer.setState(stateFromLink(win.location.hash));
  let writing = false;

  const unsubscribe = useExplorer.subscribe((state, previous) => {
    const hash = hashForState(state);
    if (hash === win.location.hash) return;
    const url = `${win.location.pathname}${win.location.search}${hash}`;
    writing = true;
    if (state.view !== previous.view) win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
    writing = false;
  });

  const onHashChange = () => {
    if (!writing) useExplorer.setState(stateFromLink(win.location.hash, useExplorer.getState().language));
  };
  win.addEventListener('hashchange', onHashChange);
  win.addEventListener('popstate', onHashChange);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
    win.removeEventListener('popstate', onHashChange);
  };
}
