import { describe, expect, it } from 'vitest';
import { sentences } from './path-branch';

describe('issue 17 bug 7: branch messages read as sentences', () => {
  it('bug 7: "Branch "Branch 1" has no steps" gets its full stop before "Add steps…"', () => {
    expect(`${sentences(['Branch "Branch 1" has no steps'])} Add steps to it on the canvas.`).toBe('Branch "Branch 1" has no steps. Add steps to it on the canvas.');
    expect(sentences(['Done.', 'Why?', ' spaced '])).toBe('Done. Why? spaced.');
  });
});
