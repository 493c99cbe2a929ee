// Next and back from the keyboard, anywhere on the page while a lesson is
// open: the arrows, the space bar, and Page Down / Page Up as presentation
// clickers send them (lesson-navigation.ts decides which key means what).
// Keys the focused control needs itself (typing, Space on a button, arrows
// in the language switch or the view tabs) are left to it.

import { useEffect } from 'react';
import { keyBelongsToTarget, moveForKey, type KeyTarget, type LessonMove } from './lesson-navigation';

export function useStepKeys(presenter: boolean, onMove: (move: LessonMove) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const move = moveForKey(event, presenter);
      if (!move || keyBelongsToTarget(event, keyTarget(event.target))) return;
      event.preventDefault();
      onMove(move);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [presenter, onMove]);
}

function keyTarget(target: EventTarget | null): KeyTarget | null {
  if (!(target instanceof HTMLElement)) return null;
  return {
    tagName: target.tagName,
    isContentEditable: target.isContentEditable,
    type: target instanceof HTMLInputElement ? target.type : undefined,
    role: target.getAttribute('role'),
    arrowOwnerRole: target.closest('[role="tablist"], [role="radiogroup"], [role="listbox"], [role="menu"]')?.getAttribute('role') ?? null,
  };
}
