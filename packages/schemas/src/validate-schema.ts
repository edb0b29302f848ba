import type { z } from 'zod';
import { asRecord, looseId } from './loose';
import { formatPath, type FieldPath, type Problem } from './problems';

/** Keys whose array elements are steps (unless inside an action's input or a condition). */
const STEP_LIST_KEYS = new Set(['steps', 'otherwise', 'errorSteps']);
const OPAQUE_KEYS = new Set(['input', 'conditions']);

/** Maps an absolute issue path to the step that holds it and the field path inside that step. */
export function locate(definition: unknown, path: readonly PropertyKey[]): { stepId: string; path: FieldPath } {
  let stepId = '';
  let rel: FieldPath = [];
  let node: unknown = definition;
  let opaque = false;
  let prev: PropertyKey | undefined;
  for (const [i, raw] of path.entries()) {
    const seg = typeof raw === 'number' ? raw : String(raw);
    const container = node;
    node = Array.isArray(container)
      ? container[typeof seg === 'number' ? seg : Number(seg)]
      : asRecord(container)?.[String(seg)];
    rel.push(seg);
    if (i === 0 && seg === 'trigger') {
      stepId = 'trigger';
      rel = [];
    } else if (!opaque && typeof seg === 'number' && typeof prev === 'string' && STEP_LIST_KEYS.has(prev)) {
      const id = looseId(asRecord(node));
      if (id) {
        stepId = id;
        rel = [];
      } else {
        stepId = '';
        rel = path.slice(0, i + 1).map((p) => (typeof p === 'number' ? p : String(p)));
      }
    } else if (typeof seg === 'string' && OPAQUE_KEYS.has(seg)) {
      opaque = true;
    }
    prev = seg;
  }
  return { stepId, path: rel };
}

/** Flattens union issues to the alternative that came closest (fewest issues). */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = [...issue.errors].filter((e) => e.length > 0).sort((a, b) => a.length - b.length)[0];
      if (best) {
        out.push(...flatten(best, path));
        continue;
      }
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

export function schemaProblems(definition: unknown, error: z.ZodError): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const { path, message } of flatten(error.issues, [])) {
    const where = locate(definition, path);
    const field = formatPath(where.path);
    const problem: Problem = {
      stepId: where.stepId,
      path: where.path,
      code: 'schema',
      message: field ? `${field}: ${message}` : message,
    };
    const key = `${problem.stepId}|${field}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}
