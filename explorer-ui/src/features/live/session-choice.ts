// Which session the Live view shows: the one picked by hand, else the
// newest carrying the nonce the page follows (live-nonce.ts), else none.

import type { LiveModel, LiveSession } from './live-model';

export function chosenSession(model: LiveModel, pickedId: string | null, followNonce: string | null): LiveSession | null {
  if (pickedId) return model.session(pickedId);
  if (followNonce) return model.findByNonce(followNonce);
  return null;
}

/** "+1.234 s" after the session opened: a timeline's clock (the server's, RFC 6455 says nothing of time). */
export function relativeTime(at: number, openedAt: number): string {
  if (!openedAt) return '';
  const seconds = Math.max(0, at - openedAt) / 1000;
  return `+${seconds.toFixed(3)} s`;
}

export function clockTime(at: number): string {
  if (!at) return '?';
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:${String(date.getSeconds()).padStart(2, '0')}`;
}
