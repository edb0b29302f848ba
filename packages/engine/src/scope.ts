import { FORBIDDEN_SEGMENTS, type Reference } from '@konnect/schemas';

/** What templates, conditions and code steps can read. */
export interface Scope {
  trigger: unknown;
  /** Outputs of completed steps in scope, by step id. */
  steps: Record<string, unknown>;
  /** Set inside a repeater: the innermost repeater's current item and 0-based index. */
  loop?: { item: unknown; index: number };
  /** Set inside an action's error branch: the failure it handles (`{{error.message}}`). */
  error?: ErrorScope;
}

/** What `{{error.…}}` reads in an error branch. */
export interface ErrorScope {
  message: string;
  /** The HTTP status the app answered with; null when there was none (a network error, bad input). */
  status: number | null;
  /** The failed step's id, and its name as the builder shows it. */
  step: string;
  stepName: string;
  kind: string;
}

const INDEX = /^\d+$/;

/**
 * Walks a reference's data path. Own properties only; `__proto__`, `constructor` and
 * `prototype` are refused. Returns undefined when anything along the way is missing.
 */
export function resolveReference(ref: Reference, scope: Scope): unknown {
  let value: unknown = ref.root === 'trigger' ? scope.trigger : ref.root === 'steps' ? scope.steps : ref.root === 'error' ? scope.error : scope.loop;
  for (const seg of ref.path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      if (typeof seg === 'number') value = seg < value.length ? value[seg] : undefined;
      else if (seg === 'length') value = value.length;
      else if (INDEX.test(seg)) value = value[Number(seg)];
      else return undefined;
    } else {
      const key = String(seg);
      if (FORBIDDEN_SEGMENTS.has(key) || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}
