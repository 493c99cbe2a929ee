// The Live view's link (store/url-state.ts): the followed nonce or the
// session picked by hand, and the filters, go out and come back; garbled
// values are ignored. A handshake link can name the live session its
// request came from.

import { beforeEach, describe, expect, it } from 'vitest';
import { useExplorer, type ExplorerState } from '../../explorer-ui/src/store';
import { activeLiveHandshake } from '../../explorer-ui/src/store/handshake-slice';
import { hashForState, stateFromHash } from '../../explorer-ui/src/store/url-state';

const initialState = useExplorer.getState();
beforeEach(() => useExplorer.setState(initialState, true));

const stateWith = (patch: Partial<ExplorerState>): ExplorerState => ({ ...initialState, ...patch });

describe('live links', () => {
  it('carry the followed nonce and the filters', () => {
    const state = stateWith({ view: 'live', liveFollow: 'abc123', liveFilter: { direction: 'client', kind: 'control', search: 'bye' } });
    expect(hashForState(state)).toBe('#/live?follow=abc123&dir=client&kind=control&q=bye');
    expect(stateFromHash(hashForState(state))).toEqual({
      view: 'live', liveSessionId: null, liveFollow: 'abc123', liveFilter: { direction: 'client', kind: 'control', search: 'bye' },
    });
  });

  it('carry a session picked by hand instead of the nonce', () => {
    const hash = hashForState(stateWith({ view: 'live', liveSessionId: 's12', liveFollow: null }));
    expect(hash).toBe('#/live?session=s12');
    expect(stateFromHash(hash)).toMatchObject({ liveSessionId: 's12', liveFollow: null });
  });

  it('leave out the defaults, and ignore garbled values', () => {
    expect(hashForState(stateWith({ view: 'live' }))).toBe('#/live');
    expect(stateFromHash('#/live?follow=<b>&session=a%20b&dir=up&kind=x')).toEqual({
      view: 'live', liveSessionId: null, liveFollow: null, liveFilter: { direction: 'both', kind: 'all', search: '' },
    });
  });

  it('picking a session forgets the nonce; following a nonce forgets the pick', () => {
    useExplorer.getState().followLiveNonce('n1');
    useExplorer.getState().selectLiveSession('s3');
    expect(useExplorer.getState()).toMatchObject({ liveSessionId: 's3', liveFollow: null });
    useExplorer.getState().followLiveNonce('n2');
    expect(useExplorer.getState()).toMatchObject({ liveSessionId: null, liveFollow: 'n2' });
  });
});

describe('a live handshake in the handshake link', () => {
  const request = 'GET /echo?live=n HTTP/1.1\r\nHost: h\r\n';
  const response = 'HTTP/1.1 101 Switching Protocols\r\n';

  it('names its session, and comes back as live', () => {
    useExplorer.getState().loadLiveHandshake({ session: 's7', target: '/echo?live=n', request, response });
    const state = { ...useExplorer.getState(), view: 'handshake' as const };
    const hash = hashForState(state);
    expect(new URLSearchParams(hash.split('?')[1]).get('live')).toBe('s7');
    const read = stateFromHash(hash);
    expect(read.liveHandshake).toEqual({ session: 's7', target: '/echo?live=n', request, response });
    expect(activeLiveHandshake({ ...state, ...read } as ExplorerState)).not.toBeNull();
  });

  it('is no longer live once the texts change', () => {
    useExplorer.getState().loadLiveHandshake({ session: 's7', target: '/echo', request, response });
    expect(activeLiveHandshake(useExplorer.getState())).not.toBeNull();
    useExplorer.setState({ requestText: `${request}X: y\r\n` });
    expect(activeLiveHandshake(useExplorer.getState())).toBeNull();
    expect(new URLSearchParams(hashForState({ ...useExplorer.getState(), view: 'handshake' }).split('?')[1]).get('live')).toBeNull();
  });
});
