// The lesson player: which lesson is open (null: the table of lessons), the
// step it shows, the language it is read in, and how it is shown: for
// reading, in presenter mode (one step, type for the back of the room), or
// as the presenter's notes window. All of it travels in the link
// (lessons-link.ts), so a teacher can hand out the exact step.

import type { StateCreator } from 'zustand';
import type { Language } from '../i18n/language';
import type { ExplorerState } from './index';

/** Where a lesson stands: what a presenter's window and its notes window agree on. */
export interface LessonPosition {
  lessonId: string | null;
  /** 0-based; links count from 1. */
  lessonStep: number;
  language: Language;
}

/** The position's language is the interface's, one setting kept by shell-slice.ts. */
export interface LessonsSlice extends Omit<LessonPosition, 'language'> {
  lessonPresenter: boolean;
  /** This window is the presenter's notes window (opened by the player with the notes flag). */
  lessonNotesWindow: boolean;
  /** Opens a lesson at its first step; null goes back to the table of lessons. */
  openLesson: (lessonId: string | null) => void;
  setLessonStep: (step: number) => void;
  setLessonPresenter: (on: boolean) => void;
  /** Takes the position another window of the same presentation reached. */
  followLessonPosition: (position: LessonPosition) => void;
}

export const createLessonsSlice: StateCreator<ExplorerState, [], [], LessonsSlice> = (set) => ({
  lessonId: null,
  lessonStep: 0,
  lessonPresenter: false,
  lessonNotesWindow: false,
  openLesson: (lessonId) => set({ lessonId, lessonStep: 0 }),
  setLessonStep: (step) => set({ lessonStep: Math.max(0, step) }),
  setLessonPresenter: (lessonPresenter) => set({ lessonPresenter }),
  followLessonPosition: ({ lessonId, lessonStep, language }) => set({ lessonId, lessonStep: Math.max(0, lessonStep), language }),
});
