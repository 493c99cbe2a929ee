// Presenter mode and the notes window take the whole screen: the page says
// which of them it is on <html> (data-lesson-mode), so the stylesheet can
// hide the app's header and footer and raise every size (lessons.css), and
// says nothing once the lesson player closes.

import { useEffect } from 'react';

export type LessonPageMode = 'presenter' | 'notes' | null;

export function useLessonPageMode(mode: LessonPageMode): void {
  useEffect(() => {
    const root = document.documentElement;
    if (mode) root.dataset.lessonMode = mode;
    else delete root.dataset.lessonMode;
    return () => {
      delete root.dataset.lessonMode;
    };
  }, [mode]);
}
