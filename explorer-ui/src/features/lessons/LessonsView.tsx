// The Lessons view: the table of lessons, a lesson in the player, or, in a
// window opened with the notes flag, the presenter's notes.

import { useExplorer } from '../../store';
import { lessonById } from './lesson-catalog';
import { LessonPlayer } from './LessonPlayer';
import { LessonTable } from './LessonTable';
import { PresenterNotes } from './PresenterNotes';

export function LessonsView() {
  const lessonId = useExplorer((s) => s.lessonId);
  const notesWindow = useExplorer((s) => s.lessonNotesWindow);
  if (notesWindow) return <PresenterNotes />;
  const entry = lessonById(lessonId);
  return entry ? <LessonPlayer entry={entry} /> : <LessonTable missingId={lessonId} />;
}
