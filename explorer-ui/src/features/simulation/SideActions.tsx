// What one side does next: a message (text, or binary as hex, in one frame
// or split into N, 5.4), a ping, an unasked pong, a close with a code and a
// reason, or bytes put on the wire as they are: typed as hex, or the frame
// the builder holds, broken on purpose if it is.

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHex } from '../../../../engine/hex';
import type { Side } from '../../../../engine/simulation';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { buildFrame } from '../builder/build-frame';
import { ACTION_KINDS, actionFromForm, builderLabel, EMPTY_FORM, type ActionForm } from './side-action-form';
import { useSimulationWording } from './simulation-wording';

export function SideActions({ side, refusal }: { side: Side; refusal: string | null }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const apply = useExplorer((s) => s.applySimulationOp);
  const showView = useExplorer((s) => s.showView);
  const builderSettings = useExplorer((s) => s.builder);
  const built = useMemo(() => buildFrame(builderSettings), [builderSettings]);
  const [form, setForm] = useState<ActionForm>(() => ({ ...EMPTY_FORM, text: side === 'client' ? 'Hello' : 'Hello back' }));
  const [formError, setFormError] = useState<string | null>(null);
  const update = (patch: Partial<ActionForm>) => setForm((f) => ({ ...f, ...patch }));
  const id = (name: string) => `sim-${side}-${name}`;

  const submit = () => {
    const outcome = actionFromForm(form, built, t);
    if (!outcome.ok) return setFormError(outcome.error);
    setFormError(null);
    apply({ op: 'act', side, action: outcome.action });
  };

  return (
    <form className="sim-actions" onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid={`sim-${side}-actions`}>
      <div className="sim-actions__row">
        <label className="field field--inline" htmlFor={id('kind')}>
          <span>{t('simulation.actions.send')}</span>
        </label>
        <select id={id('kind')} value={form.kind} onChange={(e) => update({ kind: e.target.value as ActionForm['kind'] })} data-testid={id('action-kind')}>
          {ACTION_KINDS.map((kind) => <option key={kind} value={kind}>{t(`simulation.actions.kinds.${kind}`)}</option>)}
        </select>
        <button type="submit" className="primary" data-testid={id('act')}>{form.kind === 'raw' || form.kind === 'builder' ? t('simulation.actions.putOnWire') : side === 'client' ? t('simulation.actions.sendFromClient') : t('simulation.actions.sendFromServer')}</button>
      </div>

      {form.kind === 'text' || form.kind === 'binary' ? (
        <div className="sim-actions__row">
          {form.kind === 'text' ? (
            <input className="sim-actions__grow" aria-label={t('simulation.actions.messageText')} value={form.text} onChange={(e) => update({ text: e.target.value })} data-testid={id('text')} />
          ) : (
            <input className="sim-actions__grow mono" aria-label={t('simulation.actions.messageHex')} value={form.hex} spellCheck={false} onChange={(e) => update({ hex: e.target.value })} data-testid={id('hex')} />
          )}
          <label className="field field--inline">
            <span>{t('simulation.actions.in')}</span>
            <input className="sim-actions__number" type="number" min={1} value={form.fragments} onChange={(e) => update({ fragments: e.target.value })} aria-label={t('simulation.actions.fragments')} data-testid={id('fragments')} />
            <span>{t('simulation.actions.frames')} <RfcRef section="5.4" /></span>
          </label>
        </div>
      ) : null}

      {form.kind === 'ping' || form.kind === 'pong' ? (
        <div className="sim-actions__row">
          <input className="sim-actions__grow" aria-label={t('simulation.actions.payloadLabel')} placeholder={t('simulation.actions.payloadPlaceholder')} value={form.payload} onChange={(e) => update({ payload: e.target.value })} data-testid={id('payload')} />
          <RfcRef section={form.kind === 'ping' ? '5.5.2' : '5.5.3'} />
        </div>
      ) : null}

      {form.kind === 'close' ? (
        <div className="sim-actions__row">
          <label className="field field--inline">
            <span>{t('simulation.actions.code')}</span>
            <input className="sim-actions__code" inputMode="numeric" value={form.code} onChange={(e) => update({ code: e.target.value })} aria-label={t('simulation.actions.codeLabel')} data-testid={id('code')} />
          </label>
          <label className="field field--inline sim-actions__grow">
            <span>{t('simulation.actions.reason')}</span>
            <input className="sim-actions__grow" value={form.reason} onChange={(e) => update({ reason: e.target.value })} aria-label={t('simulation.actions.reasonLabel')} data-testid={id('reason')} />
          </label>
          <RfcRef section="5.5.1" />
        </div>
      ) : null}

      {form.kind === 'raw' ? (
        <div className="sim-actions__row">
          <input className="sim-actions__grow mono" aria-label={t('simulation.actions.rawHex')} value={form.hex} spellCheck={false} onChange={(e) => update({ hex: e.target.value })} data-testid={id('raw-hex')} />
        </div>
      ) : null}
      {form.kind === 'raw' || form.kind === 'builder' ? (
        <p className="muted sim-actions__hint">
          {side === 'client' ? t('simulation.actions.rawHintClient') : t('simulation.actions.rawHintServer')}
        </p>
      ) : null}

      {form.kind === 'builder' ? (
        built.ok ? (
          <div className="sim-actions__builder">
            <p className="mono sim-actions__builder-hex" data-testid={id('builder-hex')}>{formatHex(built.bytes.subarray(0, 48))}{built.bytes.length > 48 ? ' …' : ''}</p>
            <p className="muted">{wording.label(builderLabel(built.bytes))} · <button type="button" className="link" onClick={() => showView('builder')}>{t('simulation.actions.changeInBuilder')}</button></p>
          </div>
        ) : (
          <p className="error">{t('simulation.actions.builderCannot', { problem: wording.engine.buildProblem(built.problem) })}</p>
        )
      ) : null}

      {formError ? <p className="error" role="alert">{formError}</p> : null}
      {refusal ? (
        <p className="error sim-actions__refusal" role="alert" data-testid={id('refusal')}>
          {t('simulation.refused', { message: wording.refusal(refusal) })}
        </p>
      ) : null}
    </form>
  );
}
