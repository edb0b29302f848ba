import { FORBIDDEN_SEGMENTS, type Reference } from '@konnect/schemas';

/** What templates, conditions and code steps can read. */
export interface Scope {
  trigger: unknown;
  /** Outputs of completed steps in scope, by step id. */
  steps: Record<string, unknown>;
  /** Set inside a repeater: the innermost repeater's current item and 0-based index. */
  loop?: { item: unknown; index: number };
}

const INDEX = /^\d+$/;

/**
 * Walks a reference's data path. Own properties only; `__proto__`, `constructor` and
 * `prototype` are refused. Returns undefined when anything along the way is missing.
 */
export function resolveReference(ref: Reference, scope: Scope): unknown {
  let value: unknown = ref.root === 'trigger' ? scope.trigger : ref.root === 'steps' ? scope.steps : scope.loop;
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
