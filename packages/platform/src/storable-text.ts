/**
 * Text PostgreSQL cannot store: the NUL character (U+0000; text and jsonb refuse it) and lone
 * UTF-16 surrogates (not Unicode; jsonb and text[] refuse them). JSON bodies can carry both as
 * `\u0000` / `\ud800` escapes: a request holding one in any string or object key is refused as
 * bad input naming the field, before it reaches a query.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or null when it can. */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'text cannot contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'text is not valid Unicode (a lone surrogate)';
  return null;
}

type Node = { value: unknown; key: string | number; parent: Node | null };

function pathOf(node: Node | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n = node; n?.parent; n = n.parent) path.push(n.key);
  return path.reverse();
}

/** The first string or key anywhere in `value` that cannot be stored: its path and why. Iterative. */
export function unstorableText(value: unknown): { path: (string | number)[]; reason: string } | null {
  const stack: Node[] = [{ value, key: '', parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value === 'string') {
      const reason = unstorable(node.value);
      if (reason) return { path: pathOf(node), reason };
      continue;
    }
    if (typeof node.value !== 'object' || node.value === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(node.value) ? node.value.map((v, i) => [i, v]) : Object.entries(node.value);
    for (const [key, child] of entries) {
      const reason = typeof key === 'string' ? unstorable(key) : null;
      if (reason) return { path: pathOf(node), reason: `a key ${reason.replace(/^text /, '')}` };
      stack.push({ value: child, key, parent: node });
    }
  }
  return null;
}
