// What a person would share lives in the URL's hash, so a link restores the
// view and works from the static build with no server:
//
//   #/decoder?hex=81853 7fa…&from=client
//   #/builder?op=9&fin=1&mask=37fa213d&pm=text&p=hi
//   #/handshake?side=server&req=GET%20/chat…&step=4
//   #/close-codes?q=1006
//
// Only the open view's state goes in the link, which keeps links short.

import { useExplorer, type ExplorerState, type ViewId } from './index';
import { DEFAULT_BUILDER, type BuilderSettings, type LengthEncoding, type PayloadMode } from './builder-slice';

const VIEWS: readonly ViewId[] = ['decoder', 'builder', 'handshake', 'close-codes'];

/** Longest pasted input a link carries; beyond it the link would be unusable. */
export const MAX_SHARED_INPUT_CHARS = 16 * 1024;

/** Whether the open view's state fits in a link. */
export function fitsInLink(state: ExplorerState): boolean {
  if (state.view === 'decoder') {
    if (state.decoderFile || state.decoderPastedText !== null) return false;
    // Cheap first: this runs on every store change, and inputs can be megabytes.
    return state.decoderInput.length <= MAX_SHARED_INPUT_CHARS || compactInput(state.decoderInput).length <= MAX_SHARED_INPUT_CHARS;
  }
  if (state.view === 'handshake') return state.requestText.length + state.responseText.length <= MAX_SHARED_INPUT_CHARS;
  return true;
}

/** Whitespace runs collapse to one space: the same bytes, a shorter link. */
function compactInput(text: string): string {
  return text.replace(/[ \t]+/g, ' ').trim();
}

export function hashForState(state: ExplorerState): string {
  const params = new URLSearchParams();
  switch (state.view) {
    case 'decoder': {
      const input = compactInput(state.decoderInput);
      if (input && input.length <= MAX_SHARED_INPUT_CHARS) params.set('hex', input);
      params.set('from', state.decoderFrom);
      break;
    }
    case 'builder':
      writeBuilder(params, state.builder);
      break;
    case 'handshake':
      params.set('side', state.handshakeSide);
      if (state.requestText && fitsInLink(state)) params.set('req', state.requestText);
      if (state.responseText && fitsInLink(state)) params.set('res', state.responseText);
      if (state.handshakeStep > 0) params.set('step', String(state.handshakeStep));
      if (state.originPolicy !== 'same-origin') params.set('origin', state.originPolicy);
      if (state.serverSubprotocols) params.set('protocols', state.serverSubprotocols);
      break;
    case 'close-codes':
      if (state.closeCodeQuery) params.set('q', state.closeCodeQuery);
      break;
  }
  const query = params.toString();
  return `#/${state.view}${query ? `?${query}` : ''}`;
}

/** The state a hash describes; unknown or malformed parts are ignored, never thrown. */
export function stateFromHash(hash: string): Partial<ExplorerState> {
  const match = /^#\/?([a-z-]*)(?:\?(.*))?$/.exec(hash);
  if (!match) return {};
  const view = VIEWS.find((v) => v === match[1]);
  if (!view) return {};
  const params = new URLSearchParams(match[2] ?? '');
  switch (view) {
    case 'decoder': {
      const from = params.get('from');
      return {
        view,
        decoderInput: params.get('hex') ?? '',
        decoderFileName: null,
        decoderFile: null,
        decoderPastedText: null,
        ...(from === 'client' || from === 'server' ? { decoderFrom: from } : {}),
      };
    }
    case 'builder':
      return { view, builder: readBuilder(params) };
    case 'handshake': {
      const side = params.get('side');
      const step = Number(params.get('step') ?? 0);
      return {
        view,
        ...(side === 'server' || side === 'client' ? { handshakeSide: side } : {}),
        requestText: params.get('req') ?? '',
        responseText: params.get('res') ?? '',
        handshakeStep: Number.isInteger(step) && step >= 0 && step < 1000 ? step : 0,
        originPolicy: params.get('origin') === 'any' ? 'any' : 'same-origin',
        serverSubprotocols: params.get('protocols') ?? '',
      };
    }
    case 'close-codes':
      return { view, closeCodeQuery: params.get('q') ?? '' };
  }
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
  if (b.lengthEncoding !== 'shortest') params.set('len', b.lengthEncoding);
  if (b.setLengthMostSignificantBit) params.set('msb', '1');
  if (b.allowInvalid) params.set('invalid', '1');
}

function readBuilder(params: URLSearchParams): BuilderSettings {
  // A link with no builder settings (the navigation's own) opens the default frame.
  if (!params.has('op')) return DEFAULT_BUILDER;
  const b: BuilderSettings = { ...DEFAULT_BUILDER };
  const opcode = Number(params.get('op'));
  if (params.has('op') && Number.isInteger(opcode) && opcode >= 0 && opcode <= 15) b.opcode = opcode;
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
  const code = Number(params.get('code'));
  if (params.has('code') && Number.isInteger(code) && code >= 0 && code <= 0xffff) b.closeCode = code;
  b.closeReason = params.get('reason') ?? '';
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
  useExplorer.setState(stateFromHash(win.location.hash));
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
    if (!writing) useExplorer.setState(stateFromHash(win.location.hash));
  };
  win.addEventListener('hashchange', onHashChange);
  win.addEventListener('popstate', onHashChange);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
    win.removeEventListener('popstate', onHashChange);
  };
}
