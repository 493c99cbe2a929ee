// Moving through a lesson's steps: which key means what, and where a move
// lands. Presentation clickers send Page Down / Page Up (some send the arrow
// keys); people at a keyboard use the arrows or the space bar, as in any
// slide deck. Pure, so tests/ui/lessons-navigation.test.ts reads it without
// a browser.

export type LessonMove = 'next' | 'back' | 'first' | 'last';

/** The parts of a KeyboardEvent that decide a move. */
export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/**
 * The move a key asks for, or null. Up and Down scroll a long step in the
 * reading player; in presenter mode, where a step fills the screen, they
 * move too, as some clickers send them.
 */
export function moveForKey(press: KeyPress, presenter: boolean): LessonMove | null {
  // Ctrl/Alt/Cmd with these keys belong to the browser (history, tabs, text).
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  switch (press.key) {
    case 'ArrowRight':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'back';
    case ' ':
    case 'Spacebar':
      return press.shiftKey ? 'back' : 'next';
    case 'ArrowDown':
      return presenter ? 'next' : null;
    case 'ArrowUp':
      return presenter ? 'back' : null;
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The step a move lands on, among `count` steps (0-based, always within them). */
export function stepAfter(move: LessonMove, current: number, count: number): number {
  const last = Math.max(0, count - 1);
  const from = clampStep(current, count);
  switch (move) {
    case 'next':
      return Math.min(from + 1, last);
    case 'back':
      return Math.max(from - 1, 0);
    case 'first':
      return 0;
    case 'last':
      return last;
  }
}

/** A step from a link or an older lesson, brought within the lesson's steps. */
export function clampStep(step: number, count: number): number {
  if (!Number.isFinite(step)) return 0;
  return Math.min(Math.max(0, Math.trunc(step)), Math.max(0, count - 1));
}

/** Where a key press goes when the page already has a use for it. */
export interface KeyTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
  role?: string | null;
  /** The nearest ancestor's role that owns arrow keys (a tablist, a radiogroup), or null. */
  arrowOwnerRole?: string | null;
}

/**
 * Whether the focused element needs the key itself: typing in a text box, a
 * button or link pressed with Space, a radio group or tab list moved with the
 * arrows. The player leaves those keys alone.
 */
export function keyBelongsToTarget(press: KeyPress, target: KeyTarget | null): boolean {
  if (!target) return false;
  const tag = target.tagName.toLowerCase();
  if (target.isContentEditable || tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (target.type ?? 'text').toLowerCase();
    const typed = !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
    if (typed) return true;
    if (type === 'radio' && press.key.startsWith('Arrow')) return true;
    return press.key === ' ';
  }
  if (press.key === ' ' && (tag === 'button' || tag === 'a' || tag === 'summary' || target.role === 'button' || target.role === 'tab')) return true;
  if (press.key.startsWith('Arrow') && target.arrowOwnerRole) return true;
  return false;
}
