/**
 * Rewrites `{{steps.<id>…}}` references in templates from old step ids to new ones (used when a
 * step is duplicated: references inside the copy that point into the copy follow the copy).
 * Only the id segment changes; the rest of the reference and the text around it stay as written.
 */
import type { MappedValue } from '@konnect/schemas';

const DOTTED = /^(\s*steps)\.([^.[\]{}()\s"'`]+)/;
const QUOTED = /^(\s*steps)\[(["'])([^"'\\]*)\2\]/;

function rewriteReference(inner: string, ids: ReadonlyMap<string, string>): string {
  const dotted = DOTTED.exec(inner);
  if (dotted?.[1] !== undefined && dotted[2] !== undefined) {
    const next = ids.get(dotted[2]);
    return next === undefined ? inner : `${dotted[1]}.${next}${inner.slice(dotted[0].length)}`;
  }
  const quoted = QUOTED.exec(inner);
  if (quoted?.[1] !== undefined && quoted[2] !== undefined && quoted[3] !== undefined) {
    const next = ids.get(quoted[3]);
    return next === undefined ? inner : `${quoted[1]}[${quoted[2]}${next}${quoted[2]}]${inner.slice(quoted[0].length)}`;
  }
  return inner;
}

/** A template string with its step references renamed through `ids`. */
export function rewriteTemplate(template: string, ids: ReadonlyMap<string, string>): string {
  if (!template.includes('{{')) return template;
  return template.replace(/\{\{([\s\S]*?)\}\}/g, (_all, inner: string) => `{{${rewriteReference(inner, ids)}}}`);
}

/** Every string inside a mapped value (objects and arrays included), rewritten. */
export function rewriteValue<T extends MappedValue | object>(value: T, ids: ReadonlyMap<string, string>): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return rewriteTemplate(v, ids);
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, visit(child)]));
    return v;
  };
  return visit(value) as T;
}
