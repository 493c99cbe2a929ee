// The presenter's window and its notes window keep to the same step. Each
// says where it stands on a BroadcastChannel (every window of this app on
// this origin hears it, from http:// and from file:// alike), and the other
// follows: the class's screen follows a clicker pressed in the notes window,
// and the notes follow the class's screen. A reading player and a notes
// window only ever follow each other, never another reading player, so two
// tabs of the same lesson stay independent.

import type { LessonPosition } from '../../store/lessons-slice';
import { isLanguage } from '../../i18n/language';
import { isLessonId } from './lesson-identity';

const CHANNEL_NAME = 'wsx-lesson-presenter';

export type SyncRole = 'player' | 'notes';

export type SyncMessage =
  | { kind: 'position'; from: SyncRole; position: LessonPosition }
  /** A notes window that just opened asks the player where it is. */
  | { kind: 'where-are-you' };

export interface LessonChannel {
  post: (message: SyncMessage) => void;
  close: () => void;
}

/** The channel, or null where the browser has none (the windows then simply do not follow each other). */
export function openLessonChannel(onMessage: (message: SyncMessage) => void): LessonChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    const message = readSyncMessage(event.data);
    if (message) onMessage(message);
  };
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

/** Another window's message, checked as a link's parameters are: whatever does not fit is dropped. */
export function readSyncMessage(data: unknown): SyncMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.kind === 'where-are-you') return { kind: 'where-are-you' };
  if (message.kind !== 'position' || (message.from !== 'player' && message.from !== 'notes')) return null;
  const position = message.position as Record<string, unknown> | null;
  if (typeof position !== 'object' || position === null) return null;
  const { lessonId, lessonStep, language } = position;
  if (!(lessonId === null || (typeof lessonId === 'string' && isLessonId(lessonId)))) return null;
  if (!(typeof lessonStep === 'number' && Number.isInteger(lessonStep) && lessonStep >= 0 && lessonStep < 1000)) return null;
  if (typeof language !== 'string' || !isLanguage(language)) return null;
  return { kind: 'position', from: message.from, position: { lessonId, lessonStep, language } };
}

/** Positions compare by this, so a window does not send back the position it just took. */
export function positionKey(position: LessonPosition): string {
  return `${position.lessonId ?? ''}|${position.lessonStep}|${position.language}`;
}
