/**
 * JSON with object keys sorted, at every depth: two values with the same content give the same
 * text whatever their key order (Postgres `jsonb` reorders keys). Arrays keep their order.
 * Pure, so both the builder (browser) and the server compare drafts and versions with it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
  });
}
