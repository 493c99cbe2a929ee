// What a side's action form turns into: one of the engine's SideActions.
// The form checks only what the engine cannot be asked at all (a count of
// fragments that is not a number); anything the engine refuses (sending
// after close, a close code no endpoint may send, hex that is not hex) is
// passed on, and the engine's own message is what the student reads.
//
// A unit's label (builderLabel, the hand-typed bytes') is the engine's data:
// it is written in English, goes in the link with the step, and is put into
// the reader's language where it is shown (simulation-wording.ts).

import type { TFunction } from 'i18next';
import { bytesToHex } from '../../../../engine/hex';
import { opcodeInfo } from '../../../../engine/opcode';
import type { SideAction } from '../../../../engine/simulation';
import type { BuildOutcome } from '../builder/build-frame';
import { wordingFor } from './simulation-wording';

export type ActionKind = 'text' | 'binary' | 'ping' | 'pong' | 'close' | 'raw' | 'builder';

/** The kinds the form offers, in order; each is named by simulation.actions.kinds.<kind>. */
export const ACTION_KINDS: readonly ActionKind[] = ['text', 'binary', 'ping', 'pong', 'close', 'raw', 'builder'];

export interface ActionForm {
  kind: ActionKind;
  text: string;
  hex: string;
  fragments: string;
  payload: string;
  code: string;
  reason: string;
}

export const EMPTY_FORM: ActionForm = { kind: 'text', text: 'Hello', hex: '01 02 03', fragments: '1', payload: '', code: '1000', reason: 'done' };

export type FormOutcome = { ok: true; action: SideAction } | { ok: false; error: string };

/** The engine's action for the form, or why there is none, in the language of `t`. */
export function actionFromForm(form: ActionForm, builder: BuildOutcome, t: TFunction): FormOutcome {
  switch (form.kind) {
    case 'text':
    case 'binary': {
      const fragments = wholeNumber(form.fragments);
      if (fragments === null || fragments < 1) return { ok: false, error: t('simulation.actions.fragmentsError') };
      const base: SideAction = form.kind === 'text' ? { type: 'text', text: form.text } : { type: 'binary', hex: form.hex };
      return { ok: true, action: fragments > 1 ? { ...base, fragments } : base };
    }
    case 'ping':
    case 'pong':
      return { ok: true, action: { type: form.kind, payload: form.payload } };
    case 'close': {
      if (form.code.trim() === '') return { ok: true, action: { type: 'close', reason: form.reason } };
      const code = wholeNumber(form.code);
      if (code === null) return { ok: false, error: t('simulation.actions.codeError') };
      return { ok: true, action: { type: 'close', code, reason: form.reason } };
    }
    case 'raw':
      return { ok: true, action: { type: 'raw', hex: form.hex, label: 'bytes put on the wire by hand' } };
    case 'builder':
      if (!builder.ok) return { ok: false, error: t('simulation.actions.builderCannot', { problem: wordingFor(t).engine.buildProblem(builder.problem) }) };
      return { ok: true, action: { type: 'raw', hex: bytesToHex(builder.bytes), label: builderLabel(builder.bytes) } };
  }
}

/** "from the builder: text frame, FIN 1, RSV2 set, masked": what the frame says it is. */
export function builderLabel(bytes: Uint8Array): string {
  if (bytes.length < 2) return 'from the builder';
  const parts = [`${opcodeInfo(bytes[0] & 0x0f).name} frame`, `FIN ${bytes[0] >> 7}`];
  for (const [bit, name] of [[0x40, 'RSV1'], [0x20, 'RSV2'], [0x10, 'RSV3']] as const) if (bytes[0] & bit) parts.push(`${name} set`);
  parts.push(bytes[1] & 0x80 ? 'masked' : 'not masked');
  return `from the builder: ${parts.join(', ')}`;
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^[0-9]{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}
