// The frame builder: every header bit a switch, the opcode a menu, the
// payload as text, hex or a close body (compressed as permessage-deflate
// sends it, if asked), a typed or random masking key, and rules to break on
// purpose. The hex below follows every change, drawn by decoding the built
// bytes with the same engine the decoder uses.

import { useMemo } from 'react';
import { decodeFrames } from '../../../../engine/frame';
import { formatHex } from '../../../../engine/hex';
import { opcodeInfo } from '../../../../engine/opcode';
import { useExplorer, type BuilderSettings } from '../../store';
import { FrameAnatomy } from '../../widgets/FrameAnatomy';
import { HexView } from '../../widgets/HexView';
import { ProblemList } from '../../widgets/ProblemList';
import { RfcRef } from '../../widgets/RfcRef';
import { buildFrame } from './build-frame';
import { FrameLabPanel } from '../frame-lab/FrameLabPanel';
import './builder.css';

const OPCODES = Array.from({ length: 16 }, (_, value) => opcodeInfo(value));

const HEADER_BITS: { key: 'fin' | 'rsv1' | 'rsv2' | 'rsv3'; label: string; hint: string }[] = [
  { key: 'fin', label: 'FIN', hint: 'final fragment of the message' },
  { key: 'rsv1', label: 'RSV1', hint: 'reserved: only with an extension (permessage-deflate uses it)' },
  { key: 'rsv2', label: 'RSV2', hint: 'reserved for extensions' },
  { key: 'rsv3', label: 'RSV3', hint: 'reserved for extensions' },
];

/** Ready-made rule-breaking frames, one click each. */
const RULE_BREAKERS: { label: string; patch: Partial<BuilderSettings> }[] = [
  { label: 'RSV1 without an extension', patch: { rsv1: true } },
  { label: 'Non-minimal length (16-bit for 5 bytes)', patch: { lengthEncoding: '16' } },
  { label: 'Ping with a 126-byte payload', patch: { opcode: 0x9, payloadMode: 'text', payloadText: 'x'.repeat(126), allowInvalid: true, lengthEncoding: 'shortest' } },
  { label: 'Fragmented ping', patch: { opcode: 0x9, fin: false, allowInvalid: true } },
  { label: 'Reserved opcode 0x3', patch: { opcode: 0x3, allowInvalid: true } },
  { label: 'Close with code 1005', patch: { opcode: 0x8, payloadMode: 'close', closeCode: 1005, closeReason: '' } },
];

export function BuilderView() {
  const settings = useExplorer((s) => s.builder);
  const update = useExplorer((s) => s.updateBuilder);
  const randomizeKey = useExplorer((s) => s.randomizeMaskingKey);
  const reset = useExplorer((s) => s.resetBuilder);
  const openInDecoder = useExplorer((s) => s.openInDecoder);

  const outcome = useMemo(() => buildFrame(settings), [settings]);
  // A compressed frame is read as permessage-deflate's, where RSV1 means "compressed" (RFC 7692 6.1).
  const decoded = useMemo(
    () => (outcome.ok ? decodeFrames(outcome.bytes, { from: outcome.from, ...(settings.compress ? { deflate: { noContextTakeover: true } } : {}) }) : null),
    [outcome, settings.compress],
  );
  // A 64-bit length with its top bit set claims more bytes than follow: the decoder reads it as a frame cut short.
  const frame = decoded ? (decoded.frames[0] ?? decoded.remainder?.frame ?? null) : null;

  return (
    <div className="view builder" data-testid="builder-view">
      <header className="view__intro">
        <h1>Frame builder</h1>
        <p>Set every bit of a frame and watch its bytes change. Break the rules on purpose to see what a receiver makes of it. <RfcRef section="5.2" /></p>
      </header>

      <div className="builder__layout">
        <section className="panel builder__controls" aria-labelledby="builder-header-title">
          <h2 id="builder-header-title">Header</h2>
          <div className="toggles" role="group" aria-label="Header bits">
            {HEADER_BITS.map((bit) => {
              // Compression sets RSV1 itself (RFC 7692 6.1): the switch shows it, and is not the place to clear it.
              const setByCompression = bit.key === 'rsv1' && settings.compress;
              const on = settings[bit.key] || setByCompression;
              return (
                <label key={bit.key} className={`toggle${on ? ' is-on' : ''}`} title={setByCompression ? 'set by "compress (permessage-deflate)"' : bit.hint}>
                  <input type="checkbox" checked={on} disabled={setByCompression} onChange={(e) => update({ [bit.key]: e.target.checked })} />
                  <span className="toggle__name">{bit.label}</span>
                  <span className="toggle__bit mono">{on ? 1 : 0}</span>
                </label>
              );
            })}
            <label className={`toggle${settings.masked ? ' is-on' : ''}`} title="mask the payload (every client-to-server frame, 5.3)">
              <input type="checkbox" checked={settings.masked} onChange={(e) => update({ masked: e.target.checked })} />
              <span className="toggle__name">MASK</span>
              <span className="toggle__bit mono">{settings.masked ? 1 : 0}</span>
            </label>
          </div>

          <label className="field">
            <span className="field__label">Opcode <RfcRef section="5.2" /></span>
            <select value={settings.opcode} onChange={(e) => update({ opcode: Number(e.target.value) })} data-testid="builder-opcode">
              {OPCODES.map((op) => (
                <option key={op.value} value={op.value}>
                  0x{op.value.toString(16)} {op.name}{op.control ? ' (control)' : ''}
                </option>
              ))}
            </select>
          </label>

          <div className="field">
            <span className="field__label">Masking key <RfcRef section="5.3" /></span>
            <div className="field__row">
              <input
                className="mono"
                aria-label="Masking key (4 bytes of hex)"
                value={settings.maskingKeyHex}
                disabled={!settings.masked}
                onChange={(e) => update({ maskingKeyHex: e.target.value })}
                spellCheck={false}
              />
              <button type="button" onClick={() => randomizeKey((bytes) => crypto.getRandomValues(bytes))}>Random key</button>
            </div>
          </div>

          <h2>Payload</h2>
          <fieldset className="segmented" aria-label="Payload as">
            <legend className="visually-hidden">Payload as</legend>
            {(['text', 'hex', 'close'] as const).map((mode) => (
              <label key={mode} className={settings.payloadMode === mode ? 'is-on' : undefined}>
                <input type="radio" name="payload-mode" value={mode} checked={settings.payloadMode === mode} onChange={() => update({ payloadMode: mode })} />
                {mode === 'close' ? 'close code + reason' : mode}
              </label>
            ))}
          </fieldset>
          {settings.payloadMode === 'text' ? (
            <textarea aria-label="Payload text" data-testid="builder-payload" rows={3} value={settings.payloadText} onChange={(e) => update({ payloadText: e.target.value })} />
          ) : null}
          {settings.payloadMode === 'hex' ? (
            <textarea aria-label="Payload hex" className="mono" data-testid="builder-payload" rows={3} value={settings.payloadHex} spellCheck={false} onChange={(e) => update({ payloadHex: e.target.value })} />
          ) : null}
          {settings.payloadMode === 'close' ? (
            <div className="field__row">
              <label className="field">
                <span className="field__label">Code <RfcRef section="7.4" /></span>
                <input type="number" min={0} max={65535} aria-label="Close code" value={settings.closeCode} onChange={(e) => update({ closeCode: Number(e.target.value) })} />
              </label>
              <label className="field field--grow">
                <span className="field__label">Reason</span>
                <input aria-label="Close reason" value={settings.closeReason} onChange={(e) => update({ closeReason: e.target.value })} />
              </label>
            </div>
          ) : null}

          <label className="check" data-testid="builder-compress-option">
            <input type="checkbox" checked={settings.compress} onChange={(e) => update({ compress: e.target.checked })} data-testid="builder-compress" />
            <span>compress (permessage-deflate) <RfcRef section="7.2.1" rfc={7692} /><br /><span className="muted small">replaces the payload with its DEFLATE form and sets RSV1</span></span>
          </label>

          <details className="rules" open={settings.allowInvalid || settings.lengthEncoding !== 'shortest' || settings.setLengthMostSignificantBit}>
            <summary>Break the rules on purpose</summary>
            <label className="field">
              <span className="field__label">Length encoding</span>
              <select aria-label="Length encoding" value={settings.lengthEncoding} onChange={(e) => update({ lengthEncoding: e.target.value as BuilderSettings['lengthEncoding'] })}>
                <option value="shortest">shortest (what 5.2 requires)</option>
                <option value="16">16-bit extended length</option>
                <option value="64">64-bit extended length</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={settings.setLengthMostSignificantBit} onChange={(e) => update({ setLengthMostSignificantBit: e.target.checked })} />
              Set the most significant bit of a 64-bit length
            </label>
            <label className="check">
              <input type="checkbox" checked={settings.allowInvalid} onChange={(e) => update({ allowInvalid: e.target.checked })} />
              Allow frames no endpoint may send (long or fragmented control frames, reserved opcodes)
            </label>
            <div className="chips" role="group" aria-label="Rule-breaking presets">
              {RULE_BREAKERS.map((preset) => (
                <button key={preset.label} type="button" className="chip" onClick={() => update(preset.patch)}>{preset.label}</button>
              ))}
            </div>
          </details>
          <button type="button" className="quiet" onClick={reset}>Reset to the RFC's masked “Hello”</button>
        </section>

        <section className="panel builder__output" aria-labelledby="builder-output-title">
          <div className="panel__head">
            <h2 id="builder-output-title">Bytes</h2>
            <button
              type="button"
              className="primary"
              disabled={!outcome.ok}
              onClick={() => outcome.ok && openInDecoder(outcome.bytes, outcome.from, settings.compress ? { negotiated: true, noContextTakeover: false } : undefined)}
            >
              Open in decoder →
            </button>
          </div>
          {outcome.ok ? (
            <>
              <pre className="builder__hex mono" data-testid="builder-hex">{formatHex(outcome.bytes.subarray(0, 4096), 16)}{outcome.bytes.length > 4096 ? '\n…' : ''}</pre>
              <p className="muted">{outcome.bytes.length.toLocaleString('en')} bytes, read as sent by the {outcome.from} (MASK is {outcome.from === 'client' ? 1 : 0}, <RfcRef section="5.1" />).</p>
              {outcome.uncompressed ? <CompressedPayload uncompressed={outcome.uncompressed} compressed={outcome.payload} /> : null}
              {frame ? (
                <>
                  <ProblemList problems={frame.problems} notes={frame.notes} />
                  <FrameAnatomy frame={frame} input={outcome.bytes} />
                </>
              ) : null}
            </>
          ) : (
            <p className="error" role="alert" data-testid="builder-problem">{outcome.problem}</p>
          )}
        </section>
      </div>

      <FrameLabPanel outcome={outcome} />
    </div>
  );
}

/** The payload before and after compression (RFC 7692 7.2.1), both as bytes. */
function CompressedPayload({ uncompressed, compressed }: { uncompressed: Uint8Array; compressed: Uint8Array }) {
  const saved = uncompressed.length - compressed.length;
  return (
    <section className="builder__compression" aria-label="Compression" data-testid="builder-compression">
      <h3>Compressed with permessage-deflate <RfcRef section="7.2.1" rfc={7692} /></h3>
      <p data-testid="builder-compression-sizes">
        {uncompressed.length.toLocaleString('en')} bytes of payload became {compressed.length.toLocaleString('en')} bytes of DEFLATE data
        {saved >= 0 ? `, ${saved.toLocaleString('en')} saved` : `, ${(-saved).toLocaleString('en')} more: a short payload has too little repetition to pay for DEFLATE's framing`}.
        {' '}The sender compresses, ends with a sync flush and takes off its last four bytes, 00 00 ff ff; RSV1 on the first frame says so.
      </p>
      <div className="builder__compression-pair">
        <div>
          <h4>Before</h4>
          <HexView bytes={uncompressed} label="Payload before compression" />
        </div>
        <div>
          <h4>After: the frame's payload</h4>
          <HexView bytes={compressed} label="Payload after compression" />
        </div>
      </div>
    </section>
  );
}
