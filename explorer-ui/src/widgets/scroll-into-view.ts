// Brings what just changed into the viewport: a step revealed below the
// fold (on a projector at 1920×1080 the handshake stepper's sixth step is
// already under it) is otherwise a click that visibly does nothing. Smooth,
// unless the person asked their system for reduced motion, then a jump.

export function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * Scrolls the least that shows `element` ('nearest'), or puts its top at the
 * top ('start'). A sticky header's height is left to the element's CSS
 * scroll-margin-top.
 */
export function scrollIntoViewGently(element: Element, block: ScrollLogicalPosition = 'nearest'): void {
  element.scrollIntoView({ block, inline: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
}
