// What the page itself says when a run ends early. The store keeps a run's
// error as an English sentence (the server's 'error' events arrive as one);
// the view shows the page's own sentences in the interface's language by
// recognising them here. Anything else (the server's refusals and errors)
// is the server's wording and is shown as it came.

import type { TFunction } from 'i18next';

export const ENDED_EARLY = 'the server ended the stream before the run ended';

const STREAM_BROKE = /^the stream broke off: ([\s\S]*)$/;
const NOT_JSON_LINE = /^the server sent a line that is not JSON: ([\s\S]*)$/;

export const streamBroke = (why: string) => `the stream broke off: ${why}`;
export const notJsonLine = (line: string) => `the server sent a line that is not JSON: ${line}`;

/** One of the page's own sentences above in the interface's language; any other text as it is. */
export function runMessage(message: string, t: TFunction): string {
  if (message === ENDED_EARLY) return t('conformance.run.messages.endedEarly');
  let match = STREAM_BROKE.exec(message);
  if (match) return t('conformance.run.messages.streamBroke', { why: match[1] });
  match = NOT_JSON_LINE.exec(message);
  if (match) return t('conformance.run.messages.notJsonLine', { line: match[1] });
  return message;
}
