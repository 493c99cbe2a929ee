// The paste box (any hex form the engine reads), a file drop for raw binary,
// the direction switch and the RFC's samples.

import { useRef, useState, type DragEvent } from 'react';
import { useExplorer } from '../../store';
import { MAX_PASTE_AS_TEXT_CHARS } from '../../store/decoder-slice';
import { DECODER_SAMPLES } from './samples';

/** A file this big is already far past what anyone reads frame by frame. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function DecoderInput() {
  const input = useExplorer((s) => s.decoderInput);
  const from = useExplorer((s) => s.decoderFrom);
  const fileName = useExplorer((s) => s.decoderFileName);
  const file = useExplorer((s) => s.decoderFile);
  const pasted = useExplorer((s) => s.decoderPastedText);
  const pasteLarge = useExplorer((s) => s.pasteIntoDecoder);
  const setInput = useExplorer((s) => s.setDecoderInput);
  const setFrom = useExplorer((s) => s.setDecoderFrom);
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

  return (
    <section className="panel decoder-input" aria-labelledby="decoder-input-title">
      <div className="panel__head">
        <h2 id="decoder-input-title">Bytes</h2>
        <fieldset className="segmented" aria-label="Who sent these bytes">
          <legend className="visually-hidden">Who sent these bytes (decides the masking rule, RFC 6455 5.1)</legend>
          <label className={from === 'client' ? 'is-on' : undefined}>
            <input type="radio" name="decoder-from" value="client" checked={from === 'client'} onChange={() => setFrom('client')} />
            client → server
          </label>
          <label className={from === 'server' ? 'is-on' : undefined}>
            <input type="radio" name="decoder-from" value="server" checked={from === 'server'} onChange={() => setFrom('server')} />
            server → client
          </label>
        </fieldset>
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
            : pasted !== null ? `${pasted.length.toLocaleString('en')} characters pasted, decoded below (too long to show here; type or paste to replace them)` : 'Paste hex: 81 85 37 fa 21 3d 7f 9f 4d 51 58 · 0x81, 0x85 · \\x81\\x85 · an xxd or Wireshark dump…\nor drop a binary file here'}
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
          {DECODER_SAMPLES.map((sample) => (
            <button key={sample.label} type="button" className="chip" onClick={() => { setInput(sample.hex); setFrom(sample.from); }}>
              {sample.label}
            </button>
          ))}
        </span>
      </div>
      {fileError ? <p className="error" role="alert">{fileError}</p> : null}
    </section>
  );
}
