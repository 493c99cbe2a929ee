// The selected timeline entry, taken apart. A frame gets the decoder's own
// card (bit grid, byte strip, masking table, problems), decoded on demand
// from its wire bytes, with "open in decoder". The handshake gets the
// handshake stepper on the real request and response. A gap, a broken rule
// or a note is explained.

import { useContext, useEffect, useMemo } from 'react';
import { decodeFirstFrame } from '../../../../engine/frame-decode';
import { useExplorer } from '../../store';
import { activeLiveHandshake } from '../../store/handshake-slice';
import { HexView } from '../../widgets/HexView';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { FrameCard } from '../decoder/FrameCard';
import { HandshakeSideSwitch, HandshakeWalk } from '../handshake/HandshakeWalk';
import { decodeLiveFrame } from './live-frame-decode';
import { liveHandshakeText } from './live-handshake';
import { upstreamOf } from './proxied-session';
import { RecordingContext, type Recording } from './recording';
import type { LiveSession } from './live-model';
import { relativeTime } from './session-choice';
import type { FailureEntry, FrameEntry, GapEntry, TimelineEntry } from './timeline-entry';

const WHO = { client: 'the client', server: 'the server' } as const;

export function EntryDetail({ session, entry, n }: { session: LiveSession; entry: TimelineEntry; n: number }) {
  switch (entry.kind) {
    case 'frame':
      return <FrameDetail session={session} entry={entry} n={n} />;
    case 'handshake':
      return <HandshakeDetail session={session} />;
    case 'gap':
      return <GapDetail entry={entry} />;
    case 'failure':
      return <FailureDetail entry={entry} n={n} />;
    case 'note':
      return (
        <section className="panel live-detail" data-testid="live-detail">
          <h2>From the tap</h2>
          <p className="live-detail__note">{entry.text}</p>
        </section>
      );
  }
}

function FrameDetail({ session, entry, n }: { session: LiveSession; entry: FrameEntry; n: number }) {
  const openInDecoder = useExplorer((s) => s.openInDecoder);
  const decoded = useMemo(() => decodeLiveFrame(entry, session.deflate), [entry, session.deflate]);
  if (!decoded) return null;
  // The decoder is told what the 101 agreed for this frame's sender, so RSV1 reads as "compressed" there too (RFC 7692 6.1).
  const deflate = session.deflate
    ? { negotiated: true, noContextTakeover: entry.from === 'client' ? session.deflate.clientNoContextTakeover : session.deflate.serverNoContextTakeover }
    : undefined;
  const title = (
    <>
      Frame from {WHO[entry.from]}{' '}
      <span className="muted">· {relativeTime(entry.at, session.openedAt)} · bytes {entry.offset.toLocaleString('en')}–{(entry.offset + entry.wire.length - 1).toLocaleString('en')} of its stream</span>
    </>
  );
  return (
    <section className="live-detail" aria-label="Selected frame" data-testid="live-detail">
      <div className="live-detail__bar">
        <p className="muted">
          {entry.from === 'client'
            ? 'A client masks every frame it sends, with a fresh key (RFC 6455 5.3): the server unmasks it.'
            : 'A server never masks its frames (RFC 6455 5.1).'}
          {decoded.contextProblemsLeftOut > 0 ? ' Decoded alone, out of its message: the rules about the message it belongs to were judged in the stream, which accepted it.' : ''}
          {entry.compressed && deflate && !deflate.noContextTakeover
            ? ' Opened alone in the decoder, a compressed message may not inflate: with context takeover it can refer to the messages before it (RFC 7692 7.1.1).'
            : ''}
        </p>
        <button type="button" className="primary" onClick={() => openInDecoder(entry.wire, entry.from, deflate)} data-testid="live-open-in-decoder">
          Open in decoder
        </button>
      </div>
      {entry.compressed ? <CompressedMessage entry={entry} /> : null}
      <FrameCard frame={decoded.frame} index={n} input={entry.wire} title={title} compressed={entry.compressed} />
    </section>
  );
}

/** A frame of a compressed message: what its message inflated to (RFC 7692 7.2.2). */
function CompressedMessage({ entry }: { entry: FrameEntry }) {
  const inflated = entry.inflated;
  const text = inflated && entry.opcode !== 2 ? new TextDecoder().decode(inflated) : null;
  return (
    <section className="panel live-compressed" aria-label="Compressed message" data-testid="live-inflated">
      <h3>Compressed with permessage-deflate <RfcRef section="7.2.2" rfc={7692} /></h3>
      <p className="muted">
        RSV1 on a message’s first frame says it is compressed: its payload is DEFLATE data, and the receiver adds 00 00 ff ff and inflates it.
        {inflated ? ` This message: ${entry.payloadLength.toLocaleString('en')} bytes on the wire, ${inflated.length.toLocaleString('en')} inflated.` : ''}
      </p>
      {text !== null ? <div className="payload__text" data-testid="live-inflated-text"><PayloadText text={text} /></div> : null}
      {inflated && text === null ? <HexView bytes={inflated} label="Inflated message bytes" /> : null}
      {!inflated ? <p>{entry.summary}</p> : null}
    </section>
  );
}

function HandshakeDetail({ session }: { session: LiveSession }) {
  const live = useExplorer(activeLiveHandshake);
  const load = useExplorer((s) => s.loadLiveHandshake);
  const showView = useExplorer((s) => s.showView);
  const text = liveHandshakeText(session);

  // The stepper reads the handshake slice: load this session's real bytes into it (once, and again if the answer arrives later).
  const request = text?.request;
  const response = text?.response ?? '';
  useEffect(() => {
    if (request === undefined) return;
    if (live?.session === session.id && live.request === request && live.response === response) return;
    load({ session: session.id, target: session.target, request, response });
  }, [request, response, session.id, session.target, live, load]);

  if (!text) {
    return (
      <section className="panel live-detail" data-testid="live-detail">
        <h2>Opening handshake</h2>
        <p className="muted">The upgrade request is not in the history the tap kept for this session.</p>
      </section>
    );
  }
  return (
    <section className="live-detail live-detail--handshake" aria-label="Opening handshake" data-testid="live-detail">
      <div className="live-detail__bar">
        <p>
          The real opening handshake of <span className="mono">{session.id}</span>: the request as the client sent it <RfcRef section="4.1" />, each check
          the server makes <RfcRef section="4.2.1" />, and the accept value derived from the real key, compared with what the server really sent <RfcRef section="4.2.2" />.
          {text.response ? '' : ' The server’s answer has not arrived yet.'}
        </p>
        <HandshakeSideSwitch />
        <button type="button" onClick={() => showView('handshake')} data-testid="live-open-in-handshake">Open in the Handshake view</button>
      </div>
      <UpstreamRequest session={session} />
      <HandshakeWalk />
    </section>
  );
}

/** A proxied session: the request as the target received it, beside the client's (the proxy rewrote Host, and the path when its target names one). */
function UpstreamRequest({ session }: { session: LiveSession }) {
  const upstream = upstreamOf(session.extra);
  if (!upstream) return null;
  return (
    <section className="panel" aria-label="The request the target received" data-testid="live-upstream">
      <h3>Proxied to <span className="mono">{upstream.url}</span></h3>
      <p className="muted">
        The steps below check the request as the client sent it. The proxy sent the target this version, rewritten for it; the key is the client's, so
        the accept value the target answered with is the one the client expects <RfcRef section="4.1" />.
      </p>
      {upstream.request ? <pre className="mono http-text" data-testid="live-upstream-request">{upstream.request}</pre> : <p className="muted">(The rewritten request did not come as readable hex.)</p>}
    </section>
  );
}

function GapDetail({ entry }: { entry: GapEntry }) {
  const recording = useContext(RecordingContext);
  return (
    <section className="panel live-detail live-notice" data-testid="live-detail">
      <h2>A gap in {WHO[entry.from]}’s bytes</h2>
      <p>
        {gapExplanation(entry, recording)}
      </p>
      <p className="muted">
        Frames cannot be read across a hole: their lengths chain each frame to the next (RFC 6455 5.2). So the parser starts again, at the first chunk that parses cleanly from its first byte.
      </p>
    </section>
  );
}

/** Why bytes are missing: the tap's history is bounded; a capture holds what its packets carried. */
function gapExplanation(entry: GapEntry, recording: Recording): string {
  const who = WHO[entry.from];
  const bytes = entry.bytes.toLocaleString('en');
  if (entry.cause === 'skipped') return `${bytes} bytes after a gap did not parse as whole frames from their first byte: they start inside a frame, so they were skipped.`;
  if (recording === 'capture') {
    return entry.cause === 'start-missing'
      ? `${who[0].toUpperCase() + who.slice(1)}’s frames are read from byte ${bytes} of its stream: the handshake was not captured, or the bytes before it are not frames.`
      : `${bytes} bytes of ${who}’s stream are missing: no packet in the capture carried them (the capture dropped them, or started or stopped in the middle).`;
  }
  return entry.cause === 'start-missing'
    ? `The history the tap kept for this session starts ${bytes} bytes into ${who}’s stream.`
    : entry.cause === 'truncated'
      ? `A chunk was larger than the tap keeps of one chunk; its last ${bytes} bytes never reached this page.`
      : `${bytes} bytes of ${who}’s stream are missing: the tap did not keep them (its memory per session is bounded), or did not replay them (this page fell behind and reconnected).`;
}

function FailureDetail({ entry, n }: { entry: FailureEntry; n: number }) {
  const decoded = useMemo(() => decodeFirstFrame(entry.failure.bytes, { from: entry.from }), [entry]);
  return (
    <section className="live-detail" aria-label="The frame that broke a rule" data-testid="live-detail">
      <p className="live-detail__bar">
        {WHO[entry.from][0].toUpperCase() + WHO[entry.from].slice(1)}’s stream breaks a rule at byte {entry.offset.toLocaleString('en')}: a receiver fails the connection
        there with {entry.failure.problem.closeCode} and reads nothing more <RfcRef section="7.1.7" />. Its bytes up to the one that broke the rule:
      </p>
      {decoded ? <FrameCard frame={decoded} index={n} input={entry.failure.bytes} title={<>The offending frame, as far as it was read</>} /> : null}
    </section>
  );
}
