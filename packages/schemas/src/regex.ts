/**
 * The `matches` operator's guard. User patterns run against data from outside apps, so
 * they are capped in length, limited to the i/m/s/u flags, and refused when they contain
 * the shapes behind catastrophic backtracking (a quantified group that itself holds a
 * quantifier, like `(a+)+`, and backreferences). Inputs are capped too.
 */

export const REGEX_MAX_PATTERN_LENGTH = 200;
export const REGEX_MAX_INPUT_LENGTH = 10_000;

export type GuardedRegex = { ok: true; regex: RegExp } | { ok: false; error: string };

const QUANTIFIER_START = /[*+?{]/;

function splitFlags(pattern: string): { body: string; flags: string } {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (m && m[1] !== undefined && m[2] !== undefined) return { body: m[1], flags: m[2] };
  return { body: pattern, flags: '' };
}

/** Is `body[i]` the start of a quantifier (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`)? */
function quantifierAt(body: string, i: number): 'unbounded' | 'bounded' | null {
  const ch = body[i];
  if (ch === undefined || !QUANTIFIER_START.test(ch)) return null;
  if (ch === '*' || ch === '+') return 'unbounded';
  if (ch === '?') return 'bounded';
  const m = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i));
  if (!m) return null;
  return m[2] !== undefined && (m[3] === undefined || m[3] === '') ? 'unbounded' : 'bounded';
}

/** Finds nested repetition and backreferences; returns a message or null. */
function unsafeShape(body: string): string | null {
  const groups: { repeats: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && body[i + 2] === '<'))) {
        return 'backreferences are not supported';
      }
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') groups.push({ repeats: false });
    else if (ch === ')') {
      const group = groups.pop();
      const after = quantifierAt(body, i + 1);
      if (group?.repeats && after === 'unbounded') {
        return 'a repeated group containing a repetition (like (a+)+) is not allowed';
      }
      const parent = groups[groups.length - 1];
      if (parent && (group?.repeats || after !== null)) parent.repeats = true;
    } else if (quantifierAt(body, i) === 'unbounded') {
      const top = groups[groups.length - 1];
      if (top) top.repeats = true;
    }
  }
  return null;
}

/** Compiles a user pattern (`abc` or `/abc/i`) under the guard. */
export function compileGuardedRegex(pattern: string): GuardedRegex {
  if (pattern.length > REGEX_MAX_PATTERN_LENGTH) {
    return { ok: false, error: `pattern is longer than ${REGEX_MAX_PATTERN_LENGTH} characters` };
  }
  const { body, flags } = splitFlags(pattern);
  const badFlag = [...flags].find((f) => !'imsu'.includes(f));
  if (badFlag !== undefined) return { ok: false, error: `flag "${badFlag}" is not allowed (use i, m, s or u)` };
  const shape = unsafeShape(body);
  if (shape) return { ok: false, error: shape };
  try {
    return { ok: true, regex: new RegExp(body, flags) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `invalid pattern: ${message}` };
  }
}
