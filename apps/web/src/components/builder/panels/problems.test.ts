import { describe, expect, it } from 'vitest';
import { messagesAt, messagesUnder, normalizePath, unplaced } from './problems';

const problems = [
  { path: 'input.email', message: '"email" is required' },
  { path: 'conditions.all[0].right', message: '"equals" needs a value' },
  { path: 'conditions', message: 'Add at least one condition' },
  { path: '', message: 'Whole step' },
];

describe('problem placement', () => {
  it('matches bracket and dotted paths alike', () => {
    expect(normalizePath('conditions.all[0].right')).toBe('conditions.all.0.right');
    expect(normalizePath(['conditions', 'all', 0, 'right'])).toBe('conditions.all.0.right');
    expect(messagesAt(problems, ['conditions', 'all', 0, 'right'])).toEqual(['"equals" needs a value']);
    expect(messagesAt(problems, 'conditions.all.0.right')).toEqual(['"equals" needs a value']);
  });

  it('finds problems at a path exactly or under it', () => {
    expect(messagesAt(problems, 'conditions')).toEqual(['Add at least one condition']);
    expect(messagesUnder(problems, 'conditions')).toEqual(['"equals" needs a value', 'Add at least one condition']);
    expect(messagesUnder(problems, 'input.em')).toEqual([]);
  });

  it('lists the problems no field shows', () => {
    expect(unplaced(problems, ['input', 'conditions']).map((p) => p.message)).toEqual(['Whole step']);
    expect(unplaced(problems, ['input.email']).map((p) => p.path)).toEqual(['conditions.all[0].right', 'conditions', '']);
  });
});
