// The paste box (any hex form the engine reads, or whole packets as
// Wireshark copies them), a file drop for raw binary, who sent the bytes,
// whether permessage-deflate was agreed, and the RFCs' samples.

import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useExplorer } from '../../store';
import { MAX_PASTE_AS_TEXT_CHARS, NO_DEFLATE, type DecoderDirection } from '../../store/decoder-slice';
import { RfcRef } from '../../widgets/RfcRef';
import { DECODER_SAMPLES, type DecoderSample } from './samples';

/** A file this big is already far past what anyone reads frame by frame. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Each sender, and its label and hint in the catalogs (decoder.input.*). */
const DIRECTIONS: readonly { value: DecoderDirection; label: string; hint: string }[] = [
  { value: 'unknown', label: 'fromUnknown', hint: 'fromUnknownHint' },
  { value: 'client', label: 'fromClient', hint: 'fromClientHint' },
  { value: 'server', label: 'fromServer', hint: 'fromServerHint' },
];

export function DecoderInput() {
  const { t } = useTranslation();
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
      setFileError(t('decoder.input.fileTooBig', { name: file.name, size: file.size.toLocaleString('en'), max: MAX_FILE_BYTES.toLocaleString('en') }));
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
        <h2 id="decoder-input-title">{t('decoder.input.title')}</h2>
        <DirectionSwitch />
      </div>
      <div
        className={`dropzone${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="decoder-hex" className="visually-hidden">{t('decoder.input.hexLabel')}</label>
        <textarea
          id="decoder-hex"
          data-testid="decoder-input"
          className="mono decoder-input__text"
          value={input}
          spellCheck={false}
          autoComplete="off"
          rows={5}
          placeholder={file ? t('decoder.input.placeholderFile', { name: file.name, size: file.bytes.length.toLocaleString('en') })
            : pasted !== null ? t('decoder.input.placeholderPasted', { size: pasted.length.toLocaleString('en') }) : t('decoder.input.placeholder')}
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
        <button type="button" onClick={() => fileInput.current?.click()}>{t('decoder.input.openFile')}</button>
        <input ref={fileInput} type="file" hidden data-testid="decoder-file" aria-label={t('decoder.input.fileLabel')} onChange={(e) => void openFile(e.target.files?.[0])} />
        {fileName ? <span className="muted">{t('decoder.input.fromFile', { name: fileName })}</span> : null}
        {input || file || pasted !== null ? <button type="button" className="quiet" onClick={() => setInput('')}>{t('decoder.input.clear')}</button> : null}
        <span className="decoder-input__samples">
          <span className="muted">{t('decoder.input.samples')}</span>
          {DECODER_SAMPLES.filter((sample) => !sample.deflate).map((sample) => (
            <button key={sample.id} type="button" className="chip" onClick={() => pick(sample)}>
              {t(`decoder.samples.${sample.id}`)}
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
  const { t } = useTranslation();
  const from = useExplorer((s) => s.decoderFrom);
  const setFrom = useExplorer((s) => s.setDecoderFrom);
  return (
    <fieldset className="segmented" aria-label={t('decoder.input.senderLabel')}>
      <legend className="visually-hidden">{t('decoder.input.senderLegend')}</legend>
      {DIRECTIONS.map((direction) => (
        <label key={direction.value} className={from === direction.value ? 'is-on' : undefined} title={t(`decoder.input.${direction.hint}`)}>
          <input type="radio" name="decoder-from" value={direction.value} checked={from === direction.value} onChange={() => setFrom(direction.value)} data-testid={`decoder-from-${direction.value}`} />
          {t(`decoder.input.${direction.label}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** permessage-deflate, as the handshake would have agreed it (RFC 7692 7.1), and the RFC's compressed samples. */
function DeflateSwitch({ onPick }: { onPick: (sample: DecoderSample) => void }) {
  const { t } = useTranslation();
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
        <span><strong>{t('decoder.input.deflate')}</strong> <RfcRef section="7" rfc={7692} /> <span className="muted">{t('decoder.input.deflateHint')}</span></span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={deflate.noContextTakeover}
          disabled={!deflate.negotiated}
          onChange={(e) => setDeflate({ ...deflate, noContextTakeover: e.target.checked })}
          data-testid="decoder-deflate-no-context-takeover"
        />
        <span>{t('decoder.input.noContextTakeover')} <RfcRef section="7.1.1" rfc={7692} /> <span className="muted">{t('decoder.input.noContextTakeoverHint')}</span></span>
      </label>
      <span className="decoder-input__samples">
        <span className="muted">{t('decoder.input.compressedSamples')}</span>
        {DECODER_SAMPLES.filter((sample) => sample.deflate).map((sample) => (
          <button key={sample.id} type="button" className="chip" onClick={() => onPick(sample)}>
            {t(`decoder.samples.${sample.id}`)}
          </button>
        ))}
      </span>
    </div>
  );
}
