import { describe, expect, it } from 'vitest';
import { messagesAt, messagesUnder, normalizePath, shownProblems, unplaced } from './problems';

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

describe('issue 17 friction 9: required-field errors after touch', () => {
  const mixed = [
    { path: 'input.subject', message: 'Subject is required', code: 'missing_field' },
    { path: 'input.body', message: 'Body is required', code: 'missing_field' },
    { path: 'input.email', message: 'References {{steps.gone}} that does not exist', code: 'unknown_step' },
  ];

  it('friction 9: an untouched required field shows no error; other problems show at once', () => {
    expect(shownProblems(mixed, () => false, false).map((p) => p.path)).toEqual(['input.email']);
  });

  it('friction 9: touching a field (or trying to test) shows its required-field error', () => {
    expect(shownProblems(mixed, (path) => path === 'input.subject', false).map((p) => p.path)).toEqual(['input.subject', 'input.email']);
    expect(shownProblems(mixed, () => false, true)).toHaveLength(3);
  });
});
