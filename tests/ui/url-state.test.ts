// explorer-ui/src/store/url-state.ts: what a shared link carries. Every piece
// of shareable state goes out to a link and comes back the same; unknown or
// garbled links open something sensible and never throw; and links written
// by earlier versions keep meaning what they meant.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIEWS, type ViewId } from '../../explorer-ui/src/app/views';
import { useExplorer, type ExplorerState } from '../../explorer-ui/src/store';
import { DEFAULT_BUILDER, type BuilderSettings } from '../../explorer-ui/src/store/builder-slice';
import { NO_DEFLATE } from '../../explorer-ui/src/store/decoder-slice';
import { MAX_SHARED_INPUT_CHARS, bindStoreToUrl, fitsInLink, hashForState, stateFromHash } from '../../explorer-ui/src/store/url-state';

const initialState = useExplorer.getState();

beforeEach(() => {
  useExplorer.setState(initialState, true);
});

function stateWith(patch: Partial<ExplorerState>): ExplorerState {
  return { ...initialState, ...patch };
}

/** The state a link to `state` opens. */
function roundTrip(patch: Partial<ExplorerState>): Partial<ExplorerState> {
  return stateFromHash(hashForState(stateWith(patch)));
}

function builder(patch: Partial<BuilderSettings>): BuilderSettings {
  return { ...DEFAULT_BUILDER, ...patch };
}

describe('every view', () => {
  it.each(VIEWS.map((v) => v.id))('%s: its bare link opens it, and its own link names it', (id) => {
    expect(stateFromHash(`#/${id}`).view).toBe(id);
    expect(hashForState(stateWith({ view: id }))).toMatch(new RegExp(`^#/${id}(\\?|$)`));
    expect(roundTrip({ view: id }).view).toBe(id);
  });
});

describe('decoder links', () => {
  it('carry the hex and the direction', () => {
    expect(roundTrip({ view: 'decoder', decoderInput: '81 85 37 fa 21 3d 7f 9f 4d 51 58', decoderFrom: 'client' })).toEqual({
      view: 'decoder',
      decoderInput: '81 85 37 fa 21 3d 7f 9f 4d 51 58',
      decoderFrom: 'client',
      decoderDeflate: NO_DEFLATE,
      decoderFileName: null,
      decoderFile: null,
      decoderPastedText: null,
    });
    expect(roundTrip({ view: 'decoder', decoderInput: '81 05 48 65 6c 6c 6f', decoderFrom: 'server' })).toMatchObject({
      decoderInput: '81 05 48 65 6c 6c 6f',
      decoderFrom: 'server',
    });
  });

  it('keep line breaks and collapse runs of spaces and tabs: the same bytes, a shorter link', () => {
    const state = stateWith({ view: 'decoder', decoderInput: '  81\t\t85   37 fa\n21 3d  ', decoderFrom: 'client' });
    expect(hashForState(state)).toBe('#/decoder?hex=81+85+37+fa%0A21+3d&from=client');
    expect(stateFromHash(hashForState(state)).decoderInput).toBe('81 85 37 fa\n21 3d');
  });

  it('carry every character a hex dump or an array literal may hold', () => {
    const input = 'new Uint8Array([0x81, 0x05]) // &=?#+%';
    expect(roundTrip({ view: 'decoder', decoderInput: input }).decoderInput).toBe(input);
  });

  it('leave out input too long for a link, and a dropped file or a long paste, and say so', () => {
    const long = 'ab'.repeat(MAX_SHARED_INPUT_CHARS / 2 + 1);
    expect(fitsInLink(stateWith({ view: 'decoder', decoderInput: long }))).toBe(false);
    expect(hashForState(stateWith({ view: 'decoder', decoderInput: long, decoderFrom: 'server' }))).toBe('#/decoder?from=server');

    // Long only because of its spacing: the compacted form fits, so it goes.
    const spaced = `81${' '.repeat(MAX_SHARED_INPUT_CHARS)}05`;
    expect(fitsInLink(stateWith({ view: 'decoder', decoderInput: spaced }))).toBe(true);
    expect(hashForState(stateWith({ view: 'decoder', decoderInput: spaced, decoderFrom: 'server' }))).toBe('#/decoder?hex=81+05&from=server');

    const file = { name: 'big.bin', bytes: new Uint8Array(100_000) };
    expect(fitsInLink(stateWith({ view: 'decoder', decoderInput: '', decoderFile: file }))).toBe(false);
    expect(fitsInLink(stateWith({ view: 'decoder', decoderInput: '', decoderPastedText: '81 05' }))).toBe(false);
    expect(fitsInLink(stateWith({ view: 'decoder', decoderInput: '81 05' }))).toBe(true);
  });

  it('opened, replace a dropped file or a long paste with the link\'s hex', () => {
    expect(stateFromHash('#/decoder?hex=81+00')).toEqual({
      view: 'decoder',
      decoderInput: '81 00',
      decoderFrom: 'unknown',
      decoderDeflate: NO_DEFLATE,
      decoderFileName: null,
      decoderFile: null,
      decoderPastedText: null,
    });
  });

  it('leave an unknown sender out, and read a link that names none as unknown', () => {
    expect(hashForState(stateWith({ view: 'decoder', decoderInput: '81 05', decoderFrom: 'unknown' }))).toBe('#/decoder?hex=81+05');
    expect(stateFromHash('#/decoder?hex=81+05').decoderFrom).toBe('unknown');
    expect(roundTrip({ view: 'decoder', decoderInput: '81 05', decoderFrom: 'unknown' }).decoderFrom).toBe('unknown');
  });

  it('carry permessage-deflate and its no context takeover, and nothing when it is off', () => {
    const compressed = 'c1 07 f2 48 cd c9 c9 07 00';
    expect(hashForState(stateWith({ view: 'decoder', decoderInput: compressed, decoderFrom: 'server', decoderDeflate: { negotiated: true, noContextTakeover: false } })))
      .toBe('#/decoder?hex=c1+07+f2+48+cd+c9+c9+07+00&from=server&deflate=1');
    for (const deflate of [{ negotiated: true, noContextTakeover: false }, { negotiated: true, noContextTakeover: true }, NO_DEFLATE]) {
      expect(roundTrip({ view: 'decoder', decoderInput: compressed, decoderDeflate: deflate }).decoderDeflate).toEqual(deflate);
    }
    // No context takeover means nothing without deflate, so it does not travel alone.
    expect(hashForState(stateWith({ view: 'decoder', decoderInput: '', decoderFrom: 'client', decoderDeflate: { negotiated: false, noContextTakeover: true } }))).toBe('#/decoder?from=client');
    expect(stateFromHash('#/decoder?deflate=maybe').decoderDeflate).toEqual(NO_DEFLATE);
  });
});

describe('builder links', () => {
  it('write the RFC\'s masked Hello, the default frame, as one short link', () => {
    expect(hashForState(stateWith({ view: 'builder', builder: DEFAULT_BUILDER }))).toBe('#/builder?op=1&bits=1000&mask=37fa213d&pm=text&p=Hello');
  });

  it.each<[string, Partial<BuilderSettings>]>([
    ['a text frame with every bit and rule-breaking option changed', {
      fin: false, rsv1: true, rsv2: false, rsv3: true, opcode: 0x2, maskingKeyHex: '01020304',
      payloadText: 'héllo & = ? # / + %', lengthEncoding: '64', setLengthMostSignificantBit: true, allowInvalid: true,
    }],
    ['an unmasked frame', { masked: false, payloadText: 'Hello' }],
    ['an empty text payload', { payloadText: '' }],
    ['a hex payload', { payloadMode: 'hex', payloadHex: '00 ff 7e\n81', lengthEncoding: '16' }],
    ['a close body with a reason', { opcode: 0x8, payloadMode: 'close', closeCode: 4000, closeReason: 'bye & see you' }],
    ['a close body without a reason', { opcode: 0x8, payloadMode: 'close', closeCode: 1001, rsv2: true }],
    ['a half-typed masking key', { maskingKeyHex: '37f' }],
    ['a compressed payload', { compress: true, payloadText: 'Hello, compressed' }],
  ])('carry %s', (_, patch) => {
    const settings = builder(patch);
    expect(roundTrip({ view: 'builder', builder: settings })).toEqual({ view: 'builder', builder: settings });
  });

  it('carry every opcode, reserved ones included', () => {
    for (let opcode = 0; opcode <= 15; opcode++) {
      expect(roundTrip({ view: 'builder', builder: builder({ opcode }) })).toEqual({ view: 'builder', builder: builder({ opcode }) });
    }
  });

  it('carry only the payload of the chosen mode: the others return to their defaults', () => {
    const settings = builder({ payloadMode: 'hex', payloadHex: 'ff', payloadText: 'not shared', closeCode: 1011, closeReason: 'not shared' });
    expect(roundTrip({ view: 'builder', builder: settings })).toEqual({
      view: 'builder',
      builder: builder({ payloadMode: 'hex', payloadHex: 'ff', payloadText: DEFAULT_BUILDER.payloadText }),
    });
  });
});

describe('handshake links', () => {
  const rfcRequest = 'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
  const rfcResponse = 'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

  it('carry the side, both texts byte for byte, the step and the simulated server', () => {
    const patch = {
      view: 'handshake',
      handshakeSide: 'client',
      requestText: rfcRequest,
      responseText: rfcResponse,
      handshakeStep: 7,
      originPolicy: 'any',
      serverSubprotocols: 'chat, superchat',
      serverDeflate: true,
    } satisfies Partial<ExplorerState>;
    expect(roundTrip(patch)).toEqual(patch);
    expect(roundTrip({ ...patch, serverDeflate: false })).toEqual({ ...patch, serverDeflate: false });
  });

  it("carry the server's permessage-deflate as deflate=1; without it (every older link) the server does not compress", () => {
    expect(hashForState(stateWith({ view: 'handshake', handshakeSide: 'server', requestText: '', responseText: '', handshakeStep: 0, serverDeflate: true }))).toBe('#/handshake?side=server&deflate=1');
    expect(stateFromHash('#/handshake?side=server&deflate=1').serverDeflate).toBe(true);
    expect(stateFromHash('#/handshake?side=server').serverDeflate).toBe(false);
    expect(stateFromHash('#/handshake?side=server&deflate=yes').serverDeflate).toBe(false);
  });

  it('leave defaults out of the link, and read their absence as the defaults', () => {
    const hash = hashForState(stateWith({ view: 'handshake', handshakeSide: 'server', requestText: '', responseText: '', handshakeStep: 0, originPolicy: 'same-origin', serverSubprotocols: '', serverDeflate: false }));
    expect(hash).toBe('#/handshake?side=server');
    expect(stateFromHash(hash)).toEqual({
      view: 'handshake',
      handshakeSide: 'server',
      requestText: '',
      responseText: '',
      handshakeStep: 0,
      originPolicy: 'same-origin',
      serverSubprotocols: '',
      serverDeflate: false,
    });
  });

  it('leave out texts too long for a link, keeping the side and the step', () => {
    const state = stateWith({ view: 'handshake', handshakeSide: 'client', requestText: 'x'.repeat(MAX_SHARED_INPUT_CHARS), responseText: 'y', handshakeStep: 3 });
    expect(fitsInLink(state)).toBe(false);
    expect(hashForState(state)).toBe('#/handshake?side=client&step=3&deflate=1');
    expect(fitsInLink(stateWith({ view: 'handshake', requestText: 'x'.repeat(MAX_SHARED_INPUT_CHARS - 1), responseText: 'y' }))).toBe(true);
  });
});

describe('close-code links', () => {
  it('carry the search', () => {
    expect(hashForState(stateWith({ view: 'close-codes', closeCodeQuery: 'going away' }))).toBe('#/close-codes?q=going+away');
    expect(roundTrip({ view: 'close-codes', closeCodeQuery: '1006 & 1015' })).toEqual({ view: 'close-codes', closeCodeQuery: '1006 & 1015' });
    expect(hashForState(stateWith({ view: 'close-codes', closeCodeQuery: '' }))).toBe('#/close-codes');
  });
});

describe('unknown and garbled links', () => {
  it.each(['', '#', '#/', '#/nope', '#/Decoder', '#/decoder/extra', 'decoder', '#//builder', '#/no-such-view?x=1'])('%j opens nothing new', (hash) => {
    expect(stateFromHash(hash)).toEqual({});
  });

  it('ignore parameters they do not know', () => {
    expect(stateFromHash('#/close-codes?q=1006&utm_source=chat&view=builder')).toEqual({ view: 'close-codes', closeCodeQuery: '1006' });
  });

  it('ignore values out of range in the builder, keeping what the link does say', () => {
    expect(stateFromHash('#/builder?op=99&bits=10201&mask=0102030405&pm=xml&p=hi&code=70000&len=32&msb=yes&invalid=true')).toEqual({
      view: 'builder',
      // The link names no payload mode this version knows, so the text mode keeps its payload.
      builder: builder({ maskingKeyHex: '0102030405', payloadText: 'hi' }),
    });
    expect(stateFromHash('#/builder?op=1.5&code=-1&pm=close').builder).toEqual(builder({ masked: false, payloadMode: 'close', payloadText: DEFAULT_BUILDER.payloadText }));
    for (const garbled of ['', '0x9', '1e1', '9.0', ' 9', '-0', '+9']) {
      expect(stateFromHash(`#/builder?op=${encodeURIComponent(garbled)}&pm=close&code=${encodeURIComponent(garbled)}`).builder)
        .toEqual(builder({ masked: false, payloadMode: 'close' }));
    }
  });

  it('cut an absurdly long masking key to 64 characters', () => {
    expect(stateFromHash(`#/builder?op=1&mask=${'ab'.repeat(100)}`).builder?.maskingKeyHex).toBe('ab'.repeat(32));
  });

  it('ignore a handshake side, step or origin rule they do not know', () => {
    for (const step of ['-3', '2.5', '1000', 'abc', '', '0x3', '1e2']) {
      expect(stateFromHash(`#/handshake?side=both&step=${step}&origin=everyone`)).toEqual({
        view: 'handshake',
        requestText: '',
        responseText: '',
        handshakeStep: 0,
        originPolicy: 'same-origin',
        serverSubprotocols: '',
        serverDeflate: false,
      });
    }
    expect(stateFromHash('#/handshake?step=999').handshakeStep).toBe(999);
  });

  it('ignore a direction they do not know, and keep hex that is not hex for the decoder to point at', () => {
    const state = stateFromHash('#/decoder?from=middle&hex=81+zz');
    expect(state).toEqual({ view: 'decoder', decoderInput: '81 zz', decoderDeflate: NO_DEFLATE, decoderFileName: null, decoderFile: null, decoderPastedText: null });
    expect('decoderFrom' in state).toBe(false);
  });

  it('read broken percent-escapes without throwing', () => {
    expect(stateFromHash('#/close-codes?q=%E0%A4%A&%%%')).toEqual({ view: 'close-codes', closeCodeQuery: '\uFFFD%A' });
  });
});

describe('links shared by earlier versions', () => {
  it('the first explorer\'s decoder, builder and close-code links', () => {
    expect(stateFromHash('#/decoder?hex=81+85+37+fa+21+3d+7f+9f+4d+51+58&from=client')).toMatchObject({
      view: 'decoder',
      decoderInput: '81 85 37 fa 21 3d 7f 9f 4d 51 58',
      decoderFrom: 'client',
      // Before the deflate switch, links meant no permessage-deflate.
      decoderDeflate: NO_DEFLATE,
    });
    expect(stateFromHash('#/decoder?hex=81+05+48+65+6c+6c+6f&from=server')).toMatchObject({ decoderFrom: 'server', decoderDeflate: NO_DEFLATE });
    expect(stateFromHash('#/builder?op=9&bits=1000&mask=37fa213d&pm=text&p=are+you+there%3F')).toEqual({
      view: 'builder',
      builder: builder({ opcode: 9, payloadText: 'are you there?' }),
    });
    expect(stateFromHash('#/builder?op=8&bits=1000&pm=close&code=1001&reason=bye')).toEqual({
      view: 'builder',
      builder: builder({ opcode: 8, masked: false, payloadMode: 'close', closeCode: 1001, closeReason: 'bye' }),
    });
    expect(stateFromHash('#/builder?op=1&bits=1000&pm=text&p=Hello&len=16&msb=1&invalid=1')).toEqual({
      view: 'builder',
      builder: builder({ masked: false, lengthEncoding: '16', setLengthMostSignificantBit: true, allowInvalid: true }),
    });
    expect(stateFromHash('#/close-codes?q=1006')).toEqual({ view: 'close-codes', closeCodeQuery: '1006' });
    // Before the compress option, a builder link built the payload as it is.
    expect(stateFromHash('#/builder?op=1&bits=1000&pm=text&p=Hello').builder?.compress).toBe(false);
  });

  it('the navigation\'s own bare builder link opens the RFC\'s masked Hello', () => {
    expect(stateFromHash('#/builder')).toEqual({ view: 'builder', builder: DEFAULT_BUILDER });
  });

  it('a handshake link from before the server\'s Origin rule and subprotocols travelled: the default server', () => {
    expect(stateFromHash('#/handshake?side=server&req=GET+%2Fchat+HTTP%2F1.1%0AHost%3A+a%0A&step=4')).toEqual({
      view: 'handshake',
      handshakeSide: 'server',
      requestText: 'GET /chat HTTP/1.1\nHost: a\n',
      responseText: '',
      handshakeStep: 4,
      originPolicy: 'same-origin',
      serverSubprotocols: '',
      serverDeflate: false,
    });
  });

  it('a link without the slash after the hash', () => {
    expect(stateFromHash('#close-codes?q=1011')).toEqual({ view: 'close-codes', closeCodeQuery: '1011' });
  });
});

describe('bindStoreToUrl', () => {
  /** Just enough of a window: a location, a history and hashchange/popstate listeners. */
  function fakeWindow(hash: string) {
    const listeners = new Map<string, () => void>();
    const win = {
      location: { pathname: '/explorer/index.html', search: '', hash },
      pushed: [] as string[],
      replaced: [] as string[],
      history: {
        pushState: (_: unknown, __: string, url: string) => { win.pushed.push(url); win.location.hash = url.slice(url.indexOf('#')); },
        replaceState: (_: unknown, __: string, url: string) => { win.replaced.push(url); win.location.hash = url.slice(url.indexOf('#')); },
      },
      addEventListener: (type: string, listener: () => void) => { listeners.set(type, listener); },
      removeEventListener: (type: string) => { listeners.delete(type); },
      fire: (type: string) => listeners.get(type)?.(),
      listening: () => [...listeners.keys()],
    };
    return win;
  }

  let unbind: (() => void) | undefined;
  afterEach(() => {
    unbind?.();
    unbind = undefined;
  });

  it('opens the link, replaces the hash as state changes, and pushes a history entry for a new view', () => {
    const win = fakeWindow('#/close-codes?q=1006');
    unbind = bindStoreToUrl(win as unknown as Window);
    expect(useExplorer.getState().view).toBe('close-codes');
    expect(useExplorer.getState().closeCodeQuery).toBe('1006');

    useExplorer.getState().setCloseCodeQuery('1011');
    expect(win.replaced).toEqual(['/explorer/index.html#/close-codes?q=1011']);
    expect(win.pushed).toEqual([]);

    useExplorer.getState().showView('builder' satisfies ViewId);
    expect(win.pushed).toEqual(['/explorer/index.html#/builder?op=1&bits=1000&mask=37fa213d&pm=text&p=Hello']);

    // Back: the browser changes the hash and says so.
    win.location.hash = '#/close-codes?q=1011';
    win.fire('popstate');
    expect(useExplorer.getState().view).toBe('close-codes');
  });

  it('stops listening when unbound', () => {
    const win = fakeWindow('#/decoder');
    const stop = bindStoreToUrl(win as unknown as Window);
    expect(win.listening().sort()).toEqual(['hashchange', 'popstate']);
    stop();
    expect(win.listening()).toEqual([]);
    useExplorer.getState().setCloseCodeQuery('1000');
    expect(win.replaced).toEqual([]);
  });
});
