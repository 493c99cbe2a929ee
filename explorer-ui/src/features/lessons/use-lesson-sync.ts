// Keeps this window's lesson position and the other window's together
// (presenter-sync.ts): says where this one stands whenever that changes,
// and takes the position the other window says, unless it is already there.

import { useEffect, useRef } from 'react';
import { useExplorer } from '../../store';
import type { LessonPosition } from '../../store/lessons-slice';
import { openLessonChannel, positionKey, type LessonChannel, type SyncRole } from './presenter-sync';

export function useLessonSync(role: SyncRole): void {
  const lessonId = useExplorer((s) => s.lessonId);
  const lessonStep = useExplorer((s) => s.lessonStep);
  const language = useExplorer((s) => s.language);
  const follow = useExplorer((s) => s.followLessonPosition);
  const channel = useRef<LessonChannel | null>(null);
  const lastTaken = useRef<string | null>(null);

  useEffect(() => {
    const here = (): LessonPosition => {
      const { lessonId, lessonStep, language } = useExplorer.getState();
      return { lessonId, lessonStep, language };
    };
    const opened = openLessonChannel((message) => {
      if (message.kind === 'where-are-you') {
        if (role === 'player') opened?.post({ kind: 'position', from: role, position: here() });
        return;
      }
      if (message.from === role) return;
      const key = positionKey(message.position);
      if (key === positionKey(here())) return;
      lastTaken.current = key;
      follow(message.position);
    });
    channel.current = opened;
    if (role === 'notes') opened?.post({ kind: 'where-are-you' });
    return () => {
      opened?.close();
      channel.current = null;
    };
  }, [role, follow]);

  useEffect(() => {
    const position = { lessonId, lessonStep, language };
    const key = positionKey(position);
    if (key === lastTaken.current) return;
    lastTaken.current = null;
    channel.current?.post({ kind: 'position', from: role, position });
  }, [role, lessonId, lessonStep, language]);
}
