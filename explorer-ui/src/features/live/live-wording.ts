// The Live view's one-line summaries and session endings in the reader's
// language. live-model.ts writes a frame's summary once, in English, as the
// frame arrives (a hundred thousand frames must cost little), and
// session-ending.ts says how a session ended; this file recognises those
// sentences and puts them into the catalog's words (live.summary.*,
// live.ending.*), keeping their values (codes, quoted text, hex). A
// sentence it does not recognise, such as a text frame's own text, is shown
// as it is.

import type { TFunction } from 'i18next';
import type { EngineWording } from '../../i18n/engine-wording';
import { UNCAPTURED_TARGET } from '../../../../engine/capture/session-tap-messages';
import type { TapDrop } from './tap-connection';

type Rule = [RegExp, (groups: Record<string, string>) => string];

export function liveSummary(summary: string, t: TFunction, wording: EngineWording): string {
  const inner = (text: string) => liveSummary(text, t, wording);
  const rules: Rule[] = [
    [/^\(empty\)$/, () => t('live.summary.empty')],
    [/^no payload$/, () => t('live.summary.noPayload')],
    [/^continues the message: (?<rest>.*)$/s, (g) => t('live.summary.continues', { rest: inner(g.rest) })],
    [/^payload (?<rest>[“0-9a-f].*)$/s, (g) => t('live.summary.payload', { rest: g.rest })],
    [/^(?<name>reserved-[0-9a-f]): a receiver fails the connection \(5\.2\)$/, (g) => t('live.summary.reserved', { name: g.name })],
    [/^no status code: the application sees 1005 No Status Received$/, () => t('live.summary.noStatus')],
    [/^a 1-byte body: a close code needs 2 bytes \(protocol error, 1002\)$/, () => t('live.summary.oneByte')],
    [/^(?<code>\d{4}) (?<name>[^“]+?)(?<because> “.*”)?: not allowed in a close frame \(protocol error, 1002\)$/s,
      (g) => t('live.summary.notAllowed', { code: g.code, name: wording.closeCodeName(Number(g.code), g.name), because: g.because ?? '' })],
    [/^(?<code>\d{4}) (?<name>[A-Za-z][A-Za-z ]*?)(?<because> “.*”)?$/s,
      (g) => `${g.code} ${wording.closeCodeName(Number(g.code), g.name)}${g.because ?? ''}`],
    [/^compressed; cannot inflate: (?<why>.*)$/s, (g) => t('live.summary.cannotInflate', { why: g.why })],
    [/^compressed fragment: the message inflates when its last frame arrives$/, () => t('live.summary.fragment')],
  ];
  for (const [pattern, render] of rules) {
    const match = pattern.exec(summary);
    if (match) return render({ ...match.groups });
  }
  return summary;
}

/** A session ending's headline (session-ending.ts) in the reader's language. */
export function endingHeadline(headline: string, t: TFunction, wording: EngineWording): string {
  const rules: Rule[] = [
    [/^Refused: (?<line>.*)$/s, (g) => t('live.ending.refused', { line: g.line === 'HTTP error' ? t('live.ending.httpError') : g.line })],
    [/^Unknown$/, () => t('live.ending.unknown')],
    [/^Protocol error: a 1-byte close body$/, () => t('live.ending.oneByte')],
    [/^Protocol error: close code (?<code>\d+)$/, (g) => t('live.ending.badCode', { code: g.code })],
    [/^(?<code>\d+) (?<name>.+)$/, (g) => `${g.code} ${wording.closeCodeName(Number(g.code), g.name)}`],
  ];
  for (const [pattern, render] of rules) {
    const match = pattern.exec(headline);
    if (match) return render({ ...match.groups });
  }
  return headline;
}

/** Why the tap dropped this page, with the close code and the tap's own reason (the server's words, shown as sent). */
export function tapDropWords(t: TFunction, drop: TapDrop): string {
  if (!('code' in drop)) return t(`live.tap.why.${drop.kind}`);
  return t(`live.tap.why.${drop.kind}`, { code: drop.code, because: drop.reason ? t('live.tap.because', { reason: drop.reason }) : '' });
}

/** A session's target as its request named it, or, for a capture that missed the request, that fact in the reader's language. */
export function sessionTargetWords(t: TFunction, target: string): string {
  return target === UNCAPTURED_TARGET ? t('live.sessions.uncapturedTarget') : target;
}
