/** Turns an inbound webhook body, whatever its form, into an event's data object. */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A header value by name, whatever the case the caller sent it in. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Form fields as an object; a repeated field becomes an array. Prototype-less, so `__proto__`,
 * `constructor` or `toString` are ordinary keys, stored as sent.
 */
export function formFields(text: string): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

function fromText(text: string, contentType: string): unknown {
  if (contentType.includes('json') || (!contentType && /^\s*[[{]/.test(text))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) return formFields(text);
  return text;
}

/**
 * The body as an object: a JSON or form body object as is; a body the platform left as
 * text or bytes is decoded by its content type; anything else is wrapped as `{ body }`.
 */
export function bodyObject(body: unknown, headers: Record<string, string>): Record<string, unknown> {
  const contentType = (header(headers, 'content-type') ?? '').toLowerCase();
  let value = body;
  if (value instanceof Uint8Array) value = new TextDecoder().decode(value);
  if (typeof value === 'string') value = fromText(value, contentType);
  if (isRecord(value)) return { ...value };
  if (value === undefined || value === null || value === '') return {};
  return { body: value };
}
