/**
 * Placing a step's problems next to its fields. Problem paths come as text
 * (`input.email`, `conditions.all[0].right`); both `[0]` and `.0` forms match. Pure.
 */
import { formatPath, type FieldPath } from '@konnect/schemas';

export interface PanelProblem {
  path: string;
  message: string;
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
