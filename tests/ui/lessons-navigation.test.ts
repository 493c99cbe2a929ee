// Moving through a lesson (features/lessons/lesson-navigation.ts): which key
// is next and which is back, as keyboards and presentation clickers send
// them, where a move lands, and which keys the focused control keeps.

import { describe, expect, it } from 'vitest';
import { clampStep, keyBelongsToTarget, moveForKey, stepAfter } from '../../explorer-ui/src/features/lessons/lesson-navigation';

describe('keys', () => {
  it.each([
    ['ArrowRight', 'next'], ['PageDown', 'next'], [' ', 'next'],
    ['ArrowLeft', 'back'], ['PageUp', 'back'],
    ['Home', 'first'], ['End', 'last'],
  ] as const)('%j moves %s', (key, move) => {
    expect(moveForKey({ key }, false)).toBe(move);
    expect(moveForKey({ key }, true)).toBe(move);
  });

  it('Shift+Space goes back, as in a slide deck', () => {
    expect(moveForKey({ key: ' ', shiftKey: true }, false)).toBe('back');
  });

  it('Up and Down scroll the reading player, and move in presenter mode', () => {
    expect(moveForKey({ key: 'ArrowDown' }, false)).toBeNull();
    expect(moveForKey({ key: 'ArrowUp' }, false)).toBeNull();
    expect(moveForKey({ key: 'ArrowDown' }, true)).toBe('next');
    expect(moveForKey({ key: 'ArrowUp' }, true)).toBe('back');
  });

  it('leaves the browser its shortcuts and every other key', () => {
    expect(moveForKey({ key: 'ArrowLeft', altKey: true }, true)).toBeNull(); // history back
    expect(moveForKey({ key: 'PageDown', ctrlKey: true }, true)).toBeNull(); // next tab
    expect(moveForKey({ key: 'ArrowRight', metaKey: true }, true)).toBeNull();
    for (const key of ['a', 'Enter', 'Tab', 'Escape', 'F5']) expect(moveForKey({ key }, true)).toBeNull();
  });
});

describe('steps', () => {
  it('move one at a time and stop at either end', () => {
    expect(stepAfter('next', 0, 5)).toBe(1);
    expect(stepAfter('next', 4, 5)).toBe(4);
    expect(stepAfter('back', 1, 5)).toBe(0);
    expect(stepAfter('back', 0, 5)).toBe(0);
    expect(stepAfter('first', 3, 5)).toBe(0);
    expect(stepAfter('last', 0, 5)).toBe(4);
  });

  it('from a step past the end (an old link, a shorter translation) move from the last', () => {
    expect(stepAfter('back', 40, 5)).toBe(3);
    expect(stepAfter('next', 40, 5)).toBe(4);
  });

  it('are clamped to the lesson', () => {
    expect(clampStep(7, 5)).toBe(4);
    expect(clampStep(-1, 5)).toBe(0);
    expect(clampStep(Number.NaN, 5)).toBe(0);
    expect(clampStep(2, 0)).toBe(0);
  });
});

describe('keys the focused control keeps', () => {
  it('typing in a text box', () => {
    expect(keyBelongsToTarget({ key: ' ' }, { tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(keyBelongsToTarget({ key: 'ArrowRight' }, { tagName: 'TEXTAREA' })).toBe(true);
    expect(keyBelongsToTarget({ key: 'ArrowLeft' }, { tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('Space on a button or a link presses it (once, not also a step)', () => {
    expect(keyBelongsToTarget({ key: ' ' }, { tagName: 'BUTTON' })).toBe(true);
    expect(keyBelongsToTarget({ key: ' ' }, { tagName: 'SUMMARY' })).toBe(true);
    expect(keyBelongsToTarget({ key: 'PageDown' }, { tagName: 'BUTTON' })).toBe(false);
    expect(keyBelongsToTarget({ key: 'ArrowRight' }, { tagName: 'BUTTON' })).toBe(false);
  });

  it('arrows in the language switch or the view tabs', () => {
    expect(keyBelongsToTarget({ key: 'ArrowRight' }, { tagName: 'INPUT', type: 'radio' })).toBe(true);
    expect(keyBelongsToTarget({ key: 'ArrowLeft' }, { tagName: 'BUTTON', role: 'tab', arrowOwnerRole: 'tablist' })).toBe(true);
    expect(keyBelongsToTarget({ key: 'PageDown' }, { tagName: 'INPUT', type: 'radio' })).toBe(false);
  });

  it('nothing on the page itself or a bit of the grid', () => {
    expect(keyBelongsToTarget({ key: ' ' }, null)).toBe(false);
    expect(keyBelongsToTarget({ key: ' ' }, { tagName: 'BODY' })).toBe(false);
    expect(keyBelongsToTarget({ key: 'ArrowRight' }, { tagName: 'DIV' })).toBe(false);
  });
});
