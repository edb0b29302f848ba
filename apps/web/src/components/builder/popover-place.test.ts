import { describe, expect, it } from 'vitest';
import { placePopover } from './popover-place';

const viewport = { left: 0, top: 0, right: 1280, bottom: 800 };

describe('issue 17 bug 7: popovers stay in view', () => {
  it('bug 7: the problems popover opened near the right edge is moved left to fit, not cut', () => {
    const nearRight = { left: 1200, top: 10, right: 1275, bottom: 40 };
    const place = placePopover(nearRight, viewport, 384, 300);
    expect(place.left + place.width).toBeLessThanOrEqual(1280 - 8);
    expect(place.width).toBe(384);
    expect(place.top).toBe(48);
  });

  it('bug 7: the test data popover stays on the canvas, left of the side panel', () => {
    const canvas = { left: 0, top: 56, right: 860, bottom: 800 };
    const node = { left: 700, top: 300, right: 900, bottom: 340 };
    const place = placePopover(node, canvas, 420, 480);
    expect(place.left + place.width).toBeLessThanOrEqual(860 - 8);
    expect(place.top + 480).toBeLessThanOrEqual(800);
  });

  it('bug 7: a popover wider than a narrow window shrinks to it', () => {
    const place = placePopover({ left: 10, top: 0, right: 50, bottom: 30 }, { left: 0, top: 0, right: 320, bottom: 600 }, 384, 200);
    expect(place).toEqual({ left: 8, top: 38, width: 304 });
  });
});
