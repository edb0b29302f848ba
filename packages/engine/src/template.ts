import { parseTemplate, type MappedValue, type ParsedTemplate } from '@konnect/schemas';
import { resolveReference, type Scope } from './scope';

/** Parsed templates, bounded: the oldest entry goes when the cache is full. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, ParsedTemplate>();

export function parsedTemplate(template: string): ParsedTemplate {
  let parsed = cache.get(template);
  if (parsed === undefined) {
    parsed = parseTemplate(template);
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(template, parsed);
  }
  return parsed;
}

/** How a value reads inside text: strings as is, null/undefined as '', objects as JSON. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * Renders a template. A template that is exactly one reference returns the value with its
 * type (undefined when missing); anything else returns a string. Missing references and
 * invalid `{{…}}` are added to `logs` as `missing: trigger.x` / `invalid reference: …`.
 */
export function render(template: string, scope: Scope, logs?: Set<string>): unknown {
  if (!template.includes('{{')) return template;
  const parsed = parsedTemplate(template);
  if (parsed.sole) {
    const value = resolveReference(parsed.sole, scope);
    if (value === undefined) logs?.add(`missing: ${parsed.sole.text}`);
    return value;
  }
  let out = '';
  for (const part of parsed.parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'invalid') {
      out += part.text;
      logs?.add(`invalid reference: ${part.text} (${part.error})`);
    } else {
      const value = resolveReference(part.ref, scope);
      if (value === undefined) logs?.add(`missing: ${part.ref.text}`);
      out += toText(value);
    }
  }
  return out;
}

/** Renders a mapped input value: strings as templates, nested objects and arrays recursively. */
export function renderValue(value: MappedValue, scope: Scope, logs?: Set<string>): unknown {
  if (typeof value === 'string') return render(value, scope, logs);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope, logs));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '__proto__') continue;
    const rendered = renderValue(v, scope, logs);
    if (rendered !== undefined) out[key] = rendered;
  }
  return out;
}
