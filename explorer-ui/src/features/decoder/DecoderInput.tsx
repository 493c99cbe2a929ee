// The paste box (any hex form the engine reads, or whole packets as
// Wireshark copies them), a file drop for raw binary, who sent the bytes,
// whether permessage-deflate was agreed, and the RFCs' samples.

import { useRef, useState, type DragEvent } from 'react';
import { useExplorer } from '../../store';
import { MAX_PASTE_AS_TEXT_CHARS, NO_DEFLATE, type DecoderDirection } from '../../store/decoder-slice';
import { RfcRef } from '../../widgets/RfcRef';
import { DECODER_SAMPLES, type DecoderSample } from './samples';

/** A file this big is already far past what anyone reads frame by frame. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const DIRECTIONS: readonly { value: DecoderDirection; label: string; hint: string }[] = [
  { value: 'unknown', label: 'sender unknown', hint: 'masking is not judged; each frame says which side its MASK bit points to' },
  { value: 'client', label: 'client → server', hint: 'a client masks every frame (RFC 6455 5.3)' },
  { value: 'server', label: 'server → client', hint: 'a server masks none (RFC 6455 5.1)' },
];

export function DecoderInput() {
  const input = useExplorer((s) => s.decoderInput);
  const fileName = useExplorer((s) => s.decoderFileName);
  const file = useExplorer((s) => s.decoderFile);
  const pasted = useExplorer((s) => s.decoderPastedText);
  const pasteLarge = useExplorer((s) => s.pasteIntoDecoder);
  const setInput = useExplorer((s) => s.setDecoderInput);
  const setFrom = useExplorer((s) => s.setDecoderFrom);
  const setDeflate = useExplorer((s) => s.setDecoderDeflate);
  const loadBytes = useExplorer((s) => s.loadDecoderBytes);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is ${file.size.toLocaleString('en')} bytes; the decoder takes files up to ${MAX_FILE_BYTES.toLocaleString('en')} bytes.`);
      return;
    }
    setFileError(null);
    loadBytes(new Uint8Array(await file.arrayBuffer()), file.name);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void openFile(event.dataTransfer.files[0]);
  };
  const pick = (sample: DecoderSample) => {
    setInput(sample.hex);
    setFrom(sample.from);
    setDeflate(sample.deflate ?? NO_DEFLATE);
  };

  return (
    <section className="panel decoder-input" aria-labelledby="decoder-input-title">
      <div className="panel__head">
        <h2 id="decoder-input-title">Bytes</h2>
        <DirectionSwitch />
      </div>
      <div
        className={`dropzone${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="decoder-hex" className="visually-hidden">Frame bytes as hex</label>
        <textarea
          id="decoder-hex"
          data-testid="decoder-input"
          className="mono decoder-input__text"
          value={input}
          spellCheck={false}
          autoComplete="off"
          rows={5}
          placeholder={file ? `${file.name}: ${file.bytes.length.toLocaleString('en')} bytes of raw binary, decoded below (too big to show as hex here; type or paste to replace it)`
            : pasted !== null ? `${pasted.length.toLocaleString('en')} characters pasted, decoded below (too long to show here; type or paste to replace them)` : 'Paste hex: 81 85 37 fa 21 3d 7f 9f 4d 51 58 · 0x81, 0x85 · \\x81\\x85 · an xxd or Wireshark dump…\nor whole packets (Ethernet / IP / TCP) as Wireshark copies them, or drop a binary file here'}
          onChange={(e) => setInput(e.target.value)}
          onPaste={(e) => {
            const text = e.clipboardData.getData('text');
            if (text.length <= MAX_PASTE_AS_TEXT_CHARS) return;
            e.preventDefault();
            pasteLarge(text);
          }}
        />
      </div>
      <div className="decoder-input__tools">
        <button type="button" onClick={() => fileInput.current?.click()}>Open binary file…</button>
        <input ref={fileInput} type="file" hidden data-testid="decoder-file" aria-label="Binary file to decode" onChange={(e) => void openFile(e.target.files?.[0])} />
        {fileName ? <span className="muted">from {fileName}</span> : null}
        {input || file || pasted !== null ? <button type="button" className="quiet" onClick={() => setInput('')}>Clear</button> : null}
        <span className="decoder-input__samples">
          <span className="muted">Samples:</span>
          {DECODER_SAMPLES.filter((sample) => !sample.deflate).map((sample) => (
            <button key={sample.label} type="button" className="chip" onClick={() => pick(sample)}>
              {sample.label}
            </button>
          ))}
        </span>
      </div>
      <DeflateSwitch onPick={pick} />
      {fileError ? <p className="error" role="alert">{fileError}</p> : null}
    </section>
  );
}

function DirectionSwitch() {
  const from = useExplorer((s) => s.decoderFrom);
  const setFrom = useExplorer((s) => s.setDecoderFrom);
  return (
    <fieldset className="segmented" aria-label="Who sent these bytes">
      <legend className="visually-hidden">Who sent these bytes (decides the masking rule, RFC 6455 5.1)</legend>
      {DIRECTIONS.map((direction) => (
        <label key={direction.value} className={from === direction.value ? 'is-on' : undefined} title={direction.hint}>
          <input type="radio" name="decoder-from" value={direction.value} checked={from === direction.value} onChange={() => setFrom(direction.value)} data-testid={`decoder-from-${direction.value}`} />
          {direction.label}
        </label>
      ))}
    </fieldset>
  );
}

/** permessage-deflate, as the handshake would have agreed it (RFC 7692 7.1), and the RFC's compressed samples. */
function DeflateSwitch({ onPick }: { onPick: (sample: DecoderSample) => void }) {
  const deflate = useExplorer((s) => s.decoderDeflate);
  const setDeflate = useExplorer((s) => s.setDecoderDeflate);
  return (
    <div className={`decoder-deflate${deflate.negotiated ? ' is-on' : ''}`} data-testid="decoder-deflate">
      <label className="check">
        <input
          type="checkbox"
          checked={deflate.negotiated}
          onChange={(e) => setDeflate({ ...deflate, negotiated: e.target.checked })}
          data-testid="decoder-deflate-switch"
        />
        <span><strong>permessage-deflate negotiated</strong> <RfcRef section="7" rfc={7692} /> <span className="muted">RSV1 then marks a compressed message, which is inflated</span></span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={deflate.noContextTakeover}
          disabled={!deflate.negotiated}
          onChange={(e) => setDeflate({ ...deflate, noContextTakeover: e.target.checked })}
          data-testid="decoder-deflate-no-context-takeover"
        />
        <span>no context takeover <RfcRef section="7.1.1" rfc={7692} /> <span className="muted">each message starts with an empty window; without it, messages pasted together share one</span></span>
      </label>
      <span className="decoder-input__samples">
        <span className="muted">Compressed samples:</span>
        {DECODER_SAMPLES.filter((sample) => sample.deflate).map((sample) => (
          <button key={sample.label} type="button" className="chip" onClick={() => onPick(sample)}>
            {sample.label}
          </button>
        ))}
      </span>
    </div>
  );
}
