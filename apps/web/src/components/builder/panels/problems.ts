/**
 * Placing a step's problems next to its fields. Problem paths come as text
 * (`input.email`, `conditions.all[0].right`); both `[0]` and `.0` forms match. Pure.
 */
import { formatPath, type FieldPath } from '@konnect/schemas';

export interface PanelProblem {
  path: string;
  message: string;
  /** The validator's code ('missing_field' …), when known. */
  code?: string;
}

/**
 * The problems a panel shows now: a required field left empty (`missing_field`) is shown only once
 * the user has touched that field (focused it and left it), or after they tried to test or turn the
 * konnector on; every other problem at once. The toolbar's problems list always has them all.
 */
export function shownProblems<P extends PanelProblem>(problems: readonly P[], touched: (path: string) => boolean, revealAll: boolean): P[] {
  if (revealAll) return [...problems];
  return problems.filter((p) => p.code !== 'missing_field' || touched(normalizePath(p.path)));
}

/** The field path a DOM event came from: `data-field-path` on a wrapper, else a trigger form input's name (`input.<name>`). */
export function eventFieldPath(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const wrapped = target.closest('[data-field-path]')?.getAttribute('data-field-path');
  if (wrapped) return wrapped;
  const name = target.getAttribute('name');
  return name ? `input.${name}` : null;
}

/** `conditions.all[0].right` and `conditions.all.0.right` → `conditions.all.0.right`. */
export function normalizePath(path: string | FieldPath): string {
  const text = typeof path === 'string' ? path : formatPath(path);
  return text.replace(/\[(\d+)\]/g, '.$1').replace(/\["([^"]*)"\]/g, '.$1').replace(/^\./, '');
}

/** Messages of the problems at exactly `path`. */
export function messagesAt(problems: readonly PanelProblem[], path: string | FieldPath): string[] {
  const want = normalizePath(path);
  return problems.filter((p) => normalizePath(p.path) === want).map((p) => p.message);
}

/** Messages of the problems at `path` or anywhere under it. */
export function messagesUnder(problems: readonly PanelProblem[], path: string | FieldPath): string[] {
  const want = normalizePath(path);
  return problems
    .filter((p) => {
      const at = normalizePath(p.path);
      return want === '' || at === want || at.startsWith(`${want}.`);
    })
    .map((p) => p.message);
}

/**
 * The problems none of the panel's fields show: not at or under any of `shown`
 * (paths the panel renders next to a field). Listed at the top of the panel.
 */
export function unplaced(problems: readonly PanelProblem[], shown: readonly (string | FieldPath)[]): PanelProblem[] {
  const prefixes = shown.map(normalizePath).filter((p) => p !== '');
  return problems.filter((p) => {
    const at = normalizePath(p.path);
    return !prefixes.some((prefix) => at === prefix || at.startsWith(`${prefix}.`));
  });
}
