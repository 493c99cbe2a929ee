// The frame builder: every header bit a switch, the opcode a menu, the
// payload as text, hex or a close body (compressed as permessage-deflate
// sends it, if asked), a typed or random masking key, and rules to break on
// purpose. The hex below follows every change, drawn by decoding the built
// bytes with the same engine the decoder uses.

import { Trans, useTranslation } from 'react-i18next';
import { GorillaAside } from '../../widgets/GorillaAside';
import { useEngineWording } from '../../i18n/engine-wording';
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

/** The header's bits; each one's hint is in the catalogs (builder.bits.*). */
const HEADER_BITS: { key: 'fin' | 'rsv1' | 'rsv2' | 'rsv3'; label: string }[] = [
  { key: 'fin', label: 'FIN' },
  { key: 'rsv1', label: 'RSV1' },
  { key: 'rsv2', label: 'RSV2' },
  { key: 'rsv3', label: 'RSV3' },
];

/** Ready-made rule-breaking frames, one click each; `id` names it in the catalogs (builder.presets.*). */
const RULE_BREAKERS: { id: string; patch: Partial<BuilderSettings> }[] = [
  { id: 'rsv1', patch: { rsv1: true } },
  { id: 'nonMinimal', patch: { lengthEncoding: '16' } },
  { id: 'longPing', patch: { opcode: 0x9, payloadMode: 'text', payloadText: 'x'.repeat(126), allowInvalid: true, lengthEncoding: 'shortest' } },
  { id: 'fragmentedPing', patch: { opcode: 0x9, fin: false, allowInvalid: true } },
  { id: 'reservedOpcode', patch: { opcode: 0x3, allowInvalid: true } },
  { id: 'close1005', patch: { opcode: 0x8, payloadMode: 'close', closeCode: 1005, closeReason: '' } },
];

export function BuilderView() {
  const { t } = useTranslation();
  const wording = useEngineWording();
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
        <h1>{t('builder.title')}</h1>
        <p><Trans i18nKey="builder.intro" components={{ rfc: <RfcRef section="5.2" /> }} /></p>
        <GorillaAside i18nKey="builder.gorilla" />
      </header>

      <div className="builder__layout">
        <section className="panel builder__controls" aria-labelledby="builder-header-title">
          <h2 id="builder-header-title">{t('builder.header')}</h2>
          <div className="toggles" role="group" aria-label={t('builder.headerBits')}>
            {HEADER_BITS.map((bit) => {
              // Compression sets RSV1 itself (RFC 7692 6.1): the switch shows it, and is not the place to clear it.
              const setByCompression = bit.key === 'rsv1' && settings.compress;
              const on = settings[bit.key] || setByCompression;
              return (
                <label key={bit.key} className={`toggle${on ? ' is-on' : ''}`} title={setByCompression ? t('builder.bits.setByCompression') : t(`builder.bits.${bit.key}`)}>
                  <input type="checkbox" checked={on} disabled={setByCompression} onChange={(e) => update({ [bit.key]: e.target.checked })} />
                  <span className="toggle__name">{bit.label}</span>
                  <span className="toggle__bit mono">{on ? 1 : 0}</span>
                </label>
              );
            })}
            <label className={`toggle${settings.masked ? ' is-on' : ''}`} title={t('builder.bits.mask')}>
              <input type="checkbox" checked={settings.masked} onChange={(e) => update({ masked: e.target.checked })} />
              <span className="toggle__name">MASK</span>
              <span className="toggle__bit mono">{settings.masked ? 1 : 0}</span>
            </label>
          </div>

          <label className="field">
            <span className="field__label"><Trans i18nKey="builder.opcode" components={{ rfc: <RfcRef section="5.2" /> }} /></span>
            <select value={settings.opcode} onChange={(e) => update({ opcode: Number(e.target.value) })} data-testid="builder-opcode">
              {OPCODES.map((op) => (
                <option key={op.value} value={op.value}>
                  0x{op.value.toString(16)} {op.name}{op.control ? t('builder.control') : ''}
                </option>
              ))}
            </select>
          </label>

          <div className="field">
            <span className="field__label"><Trans i18nKey="builder.maskingKey" components={{ rfc: <RfcRef section="5.3" /> }} /></span>
            <div className="field__row">
              <input
                className="mono"
                aria-label={t('builder.maskingKeyLabel')}
                value={settings.maskingKeyHex}
                disabled={!settings.masked}
                onChange={(e) => update({ maskingKeyHex: e.target.value })}
                spellCheck={false}
              />
              <button type="button" onClick={() => randomizeKey((bytes) => crypto.getRandomValues(bytes))}>{t('builder.randomKey')}</button>
            </div>
          </div>

          <h2>{t('builder.payload')}</h2>
          <fieldset className="segmented" aria-label={t('builder.payloadAs')}>
            <legend className="visually-hidden">{t('builder.payloadAs')}</legend>
            {(['text', 'hex', 'close'] as const).map((mode) => (
              <label key={mode} className={settings.payloadMode === mode ? 'is-on' : undefined}>
                <input type="radio" name="payload-mode" value={mode} checked={settings.payloadMode === mode} onChange={() => update({ payloadMode: mode })} />
                {t(`builder.modes.${mode}`)}
              </label>
            ))}
          </fieldset>
          {settings.payloadMode === 'text' ? (
            <textarea aria-label={t('builder.payloadText')} data-testid="builder-payload" rows={3} value={settings.payloadText} onChange={(e) => update({ payloadText: e.target.value })} />
          ) : null}
          {settings.payloadMode === 'hex' ? (
            <textarea aria-label={t('builder.payloadHex')} className="mono" data-testid="builder-payload" rows={3} value={settings.payloadHex} spellCheck={false} onChange={(e) => update({ payloadHex: e.target.value })} />
          ) : null}
          {settings.payloadMode === 'close' ? (
            <div className="field__row">
              <label className="field">
                <span className="field__label"><Trans i18nKey="builder.code" components={{ rfc: <RfcRef section="7.4" /> }} /></span>
                <input type="number" min={0} max={65535} aria-label={t('builder.closeCode')} value={settings.closeCode} onChange={(e) => update({ closeCode: Number(e.target.value) })} />
              </label>
              <label className="field field--grow">
                <span className="field__label">{t('builder.reason')}</span>
                <input aria-label={t('builder.closeReason')} value={settings.closeReason} onChange={(e) => update({ closeReason: e.target.value })} />
              </label>
            </div>
          ) : null}

          <label className="check" data-testid="builder-compress-option">
            <input type="checkbox" checked={settings.compress} onChange={(e) => update({ compress: e.target.checked })} data-testid="builder-compress" />
            <span>{t('builder.compress')} <RfcRef section="7.2.1" rfc={7692} /><br /><span className="muted small">{t('builder.compressHint')}</span></span>
          </label>

          <details className="rules" open={settings.allowInvalid || settings.lengthEncoding !== 'shortest' || settings.setLengthMostSignificantBit}>
            <summary>{t('builder.breakRules')}</summary>
            <label className="field">
              <span className="field__label">{t('builder.lengthEncoding')}</span>
              <select aria-label={t('builder.lengthEncoding')} value={settings.lengthEncoding} onChange={(e) => update({ lengthEncoding: e.target.value as BuilderSettings['lengthEncoding'] })}>
                <option value="shortest">{t('builder.shortest')}</option>
                <option value="16">{t('builder.length16')}</option>
                <option value="64">{t('builder.length64')}</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={settings.setLengthMostSignificantBit} onChange={(e) => update({ setLengthMostSignificantBit: e.target.checked })} />
              {t('builder.msb')}
            </label>
            <label className="check">
              <input type="checkbox" checked={settings.allowInvalid} onChange={(e) => update({ allowInvalid: e.target.checked })} />
              {t('builder.allowInvalid')}
            </label>
            <div className="chips" role="group" aria-label={t('builder.presetsLabel')}>
              {RULE_BREAKERS.map((preset) => (
                <button key={preset.id} type="button" className="chip" onClick={() => update(preset.patch)}>{t(`builder.presets.${preset.id}`)}</button>
              ))}
            </div>
          </details>
          <button type="button" className="quiet" onClick={reset}>{t('builder.reset')}</button>
        </section>

        <section className="panel builder__output" aria-labelledby="builder-output-title">
          <div className="panel__head">
            <h2 id="builder-output-title">{t('builder.bytes')}</h2>
            <button
              type="button"
              className="primary"
              disabled={!outcome.ok}
              onClick={() => outcome.ok && openInDecoder(outcome.bytes, outcome.from, settings.compress ? { negotiated: true, noContextTakeover: false } : undefined)}
            >
              {t('builder.openInDecoder')}
            </button>
          </div>
          {outcome.ok ? (
            <>
              <pre className="builder__hex mono" data-testid="builder-hex">{formatHex(outcome.bytes.subarray(0, 4096), 16)}{outcome.bytes.length > 4096 ? '\n…' : ''}</pre>
              <p className="muted">
                <Trans
                  i18nKey="builder.sentBy"
                  values={{ size: outcome.bytes.length.toLocaleString('en'), from: t(`builder.${outcome.from}`), mask: outcome.from === 'client' ? 1 : 0 }}
                  components={{ rfc: <RfcRef section="5.1" /> }}
                />
              </p>
              {outcome.uncompressed ? <CompressedPayload uncompressed={outcome.uncompressed} compressed={outcome.payload} /> : null}
              {frame ? (
                <>
                  <ProblemList problems={frame.problems} notes={frame.notes} />
                  <FrameAnatomy frame={frame} input={outcome.bytes} />
                </>
              ) : null}
            </>
          ) : (
            <p className="error" role="alert" data-testid="builder-problem">{wording.buildProblem(outcome.problem)}</p>
          )}
        </section>
      </div>

      <FrameLabPanel outcome={outcome} />
    </div>
  );
}

/** The payload before and after compression (RFC 7692 7.2.1), both as bytes. */
function CompressedPayload({ uncompressed, compressed }: { uncompressed: Uint8Array; compressed: Uint8Array }) {
  const { t } = useTranslation();
  const saved = uncompressed.length - compressed.length;
  return (
    <section className="builder__compression" aria-label={t('builder.compression')} data-testid="builder-compression">
      <h3><Trans i18nKey="builder.compressed" components={{ rfc: <RfcRef section="7.2.1" rfc={7692} /> }} /></h3>
      <p data-testid="builder-compression-sizes">
        {t('builder.became', { before: uncompressed.length.toLocaleString('en'), after: compressed.length.toLocaleString('en') })}
        {saved >= 0 ? t('builder.saved', { size: saved.toLocaleString('en') }) : t('builder.more', { size: (-saved).toLocaleString('en') })}
        {t('builder.flush')}
      </p>
      <div className="builder__compression-pair">
        <div>
          <h4>{t('builder.before')}</h4>
          <HexView bytes={uncompressed} label={t('builder.beforeLabel')} />
        </div>
        <div>
          <h4>{t('builder.after')}</h4>
          <HexView bytes={compressed} label={t('builder.afterLabel')} />
        </div>
      </div>
    </section>
  );
}
