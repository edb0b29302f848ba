/**
 * The reference syntax of field mapping: `{{trigger.x}}`, `{{trigger.items[0].name}}`,
 * `{{trigger.items.0.name}}`, `{{trigger["Plan Name"]}}`, `{{steps.<id>.y}}`, `{{loop.item}}`,
 * `{{loop.index}}`, `{{error.message}}` (in an error branch). References are data paths read by a small tokenizer: nothing in a
 * template is ever evaluated as code.
 */

/** `error` only inside an action's error branch (`{{error.message}}`, see ERROR_FIELDS). */
export const REFERENCE_ROOTS = ['trigger', 'steps', 'loop', 'error'] as const;

/** What `{{error.…}}` offers inside an error branch. */
export const ERROR_FIELDS = ['message', 'status', 'step', 'stepName', 'kind'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

/** Path segments that are refused wherever they appear (they resolve as missing). */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type PathSegment = string | number;

export interface Reference {
  root: ReferenceRoot;
  /** Segments after the root; for `steps`, the first one is the step id. */
  path: PathSegment[];
  /** The reference as written between the braces, trimmed: used in `missing: …` logs. */
  text: string;
}

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; ref: Reference }
  /** `{{…}}` that is not a valid reference: rendered verbatim, reported by the validator. */
  | { kind: 'invalid'; text: string; error: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Set when the whole template is exactly one reference (its value keeps its type). */
  sole: Reference | null;
  refs: Reference[];
}

const ROOTS: ReadonlySet<string> = new Set(REFERENCE_ROOTS);
/** Characters that end a dotted segment; keys holding them use the `["…"]` form. */
const SEGMENT_STOP = /[.[\]{}()\s"'`]/;

export function isReferenceRoot(value: string): value is ReferenceRoot {
  return ROOTS.has(value);
}

/** Parses the text between `{{` and `}}`. Returns an error message for bad syntax. */
export function parseReference(expression: string): Reference | { error: string } {
  const text = expression.trim();
  let i = 0;
  const ident = /^[A-Za-z_$][\w$]*/.exec(text);
  if (!ident) return { error: `"${text}" is not a reference (expected trigger…, steps…, loop… or error…)` };
  const root = ident[0];
  if (!isReferenceRoot(root)) return { error: `"${root}" is not a known reference root (use trigger, steps, loop or error)` };
  i = root.length;
  const path: PathSegment[] = [];
  while (i < text.length) {
    const ch = text[i];
    if (ch === '.') {
      let j = i + 1;
      while (j < text.length && !SEGMENT_STOP.test(text[j] ?? '')) j++;
      const segment = text.slice(i + 1, j);
      if (segment === '') return { error: `empty segment in "${text}"` };
      path.push(/^\d+$/.test(segment) ? Number(segment) : segment);
      i = j;
    } else if (ch === '[') {
      const next = text[i + 1];
      if (next !== undefined && /\d/.test(next)) {
        const m = /^\[(\d+)\]/.exec(text.slice(i));
        if (!m || m[1] === undefined) return { error: `bad index in "${text}"` };
        path.push(Number(m[1]));
        i += m[0].length;
      } else if (next === '"' || next === "'") {
        let j = i + 2;
        let key = '';
        while (j < text.length && text[j] !== next) {
          if (text[j] === '\\' && j + 1 < text.length) j++;
          key += text[j];
          j++;
        }
        if (text[j] !== next || text[j + 1] !== ']') return { error: `unterminated key in "${text}"` };
        path.push(key);
        i = j + 2;
      } else {
        return { error: `expected an index or a quoted key after "[" in "${text}"` };
      }
    } else {
      return { error: `unexpected "${ch ?? ''}" in "${text}"` };
    }
  }
  return { root, path, text };
}

/** Splits a template into text and references. Pure; callers cache the result. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const refs: Reference[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) break;
    if (open > i) parts.push({ kind: 'text', text: template.slice(i, open) });
    const inner = template.slice(open + 2, close);
    const parsed = parseReference(inner);
    if ('error' in parsed) parts.push({ kind: 'invalid', text: template.slice(open, close + 2), error: parsed.error });
    else {
      parts.push({ kind: 'ref', ref: parsed });
      refs.push(parsed);
    }
    i = close + 2;
  }
  if (i < template.length) parts.push({ kind: 'text', text: template.slice(i) });
  const only = parts.length === 1 ? parts[0] : undefined;
  return { parts, refs, sole: only?.kind === 'ref' ? only.ref : null };
}

/** `steps.send.id` → the step id `send`; null for other roots or a bare `{{steps}}`. */
export function referencedStepId(ref: Reference): string | null {
  if (ref.root !== 'steps') return null;
  const first = ref.path[0];
  return first === undefined ? null : String(first);
}
