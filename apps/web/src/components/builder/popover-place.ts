/**
 * Where a popover opened from an anchor goes: below it, right-aligned with it, and moved so it
 * stays wholly inside `bounds` (the viewport, or the canvas so it never covers the side panel).
 * Pure.
 */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const MARGIN = 8;

export function placePopover(anchor: Box, bounds: Box, width: number, height: number): { left: number; top: number; width: number } {
  const fitWidth = Math.max(0, Math.min(width, bounds.right - bounds.left - 2 * MARGIN));
  const left = Math.min(Math.max(bounds.left + MARGIN, anchor.right - fitWidth), bounds.right - fitWidth - MARGIN);
  const top = Math.max(bounds.top + MARGIN, Math.min(anchor.bottom + MARGIN, bounds.bottom - height - MARGIN));
  return { left, top, width: fitWidth };
}

/** The visible part of the builder's canvas (left of the side panel), else the viewport. */
export function canvasBounds(anchor: Element): Box {
  const view: Box = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  const canvas = anchor.closest('.react-flow')?.getBoundingClientRect();
  if (!canvas) return view;
  return { left: Math.max(view.left, canvas.left), top: Math.max(view.top, canvas.top), right: Math.min(view.right, canvas.right), bottom: Math.min(view.bottom, canvas.bottom) };
}
