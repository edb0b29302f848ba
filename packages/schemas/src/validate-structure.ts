import { MAX_BRANCHES, MAX_PATH_DEPTH, MAX_STEPS } from './limits';
import { asArray, asRecord, asString, looseId, type Loose } from './loose';
import { OPERATORS } from './operators';
import type { FieldPath, Problem } from './problems';
import { compileGuardedRegex } from './regex';
import { forEachStep } from './step-index';
import { parseTemplate } from './template';
import { errorBranchProblems } from './validate-error-branch';
import { subkonnectorProblems } from './validate-subkonnector';

const ARITY: ReadonlyMap<string, number> = new Map(OPERATORS.map((o) => [o.key, o.arity]));

/** Empty groups, operands that do not fit the operator, and literal regex patterns. */
function checkConditions(group: unknown, stepId: string, path: FieldPath, problems: Problem[]): void {
  const g = asRecord(group);
  if (!g) return;
  const mode = Array.isArray(g.all) ? 'all' : Array.isArray(g.any) ? 'any' : null;
  if (!mode) return;
  const items = asArray(g[mode]);
  if (items.length === 0) {
    problems.push({ stepId, path, code: 'no_conditions', message: 'Add at least one condition' });
    return;
  }
  items.forEach((raw, i) => {
    const item = asRecord(raw);
    const at = [...path, mode, i];
    if (!item) return;
    if ('all' in item || 'any' in item) return checkConditions(item, stepId, at, problems);
    const op = asString(item.op);
    const arity = op === undefined ? undefined : ARITY.get(op);
    if (arity === undefined) return;
    const right = item.right;
    if (arity === 1 && typeof right !== 'string') {
      problems.push({ stepId, path: [...at, 'right'], code: 'invalid_operand', message: `"${op}" needs a value to compare with` });
    } else if (arity === 2 && !(Array.isArray(right) && right.length === 2)) {
      problems.push({ stepId, path: [...at, 'right'], code: 'invalid_operand', message: `"${op}" needs a [low, high] pair` });
    }
    if (op === 'matches' && typeof right === 'string' && parseTemplate(right).refs.length === 0) {
      const compiled = compileGuardedRegex(right);
      if (!compiled.ok) {
        problems.push({ stepId, path: [...at, 'right'], code: 'invalid_regex', message: `Pattern: ${compiled.error}` });
      }
    }
  });
}

function checkPath(step: Loose, id: string, pathDepth: number, problems: Problem[]): void {
  const branches = asArray(step.branches);
  if (pathDepth + 1 > MAX_PATH_DEPTH) {
    problems.push({ stepId: id, path: [], code: 'path_too_deep', message: `Paths can be nested at most ${MAX_PATH_DEPTH} levels deep` });
  }
  if (branches.length === 0) {
    problems.push({ stepId: id, path: ['branches'], code: 'no_branches', message: 'A path needs at least one branch' });
  }
  if (branches.length > MAX_BRANCHES) {
    problems.push({
      stepId: id,
      path: ['branches'],
      code: 'too_many_branches',
      message: `A path has at most ${MAX_BRANCHES} branches (this one has ${branches.length})`,
    });
  }
  const branchIds = new Set<string>();
  branches.forEach((raw, i) => {
    const branch = asRecord(raw);
    if (!branch) return;
    const branchId = looseId(branch);
    if (branchId && branchIds.has(branchId)) {
      problems.push({ stepId: id, path: ['branches', i, 'id'], code: 'duplicate_id', message: `Branch id "${branchId}" is used twice` });
    }
    if (branchId) branchIds.add(branchId);
    if (Array.isArray(branch.steps) && branch.steps.length === 0) {
      const name = asString(branch.name) ?? branchId ?? String(i + 1);
      problems.push({ stepId: id, path: ['branches', i, 'steps'], code: 'empty_branch', message: `Branch "${name}" has no steps` });
    }
    checkConditions(branch.conditions, id, ['branches', i, 'conditions'], problems);
  });
  if (Array.isArray(step.otherwise) && step.otherwise.length === 0) {
    problems.push({ stepId: id, path: ['otherwise'], code: 'empty_branch', message: 'The otherwise branch has no steps' });
  }
}

/** Everything that can be checked without the registry or scopes. */
export function structureProblems(definition: Loose, maxSteps = MAX_STEPS): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>(['trigger']);
  let count = 0;
  forEachStep(definition.steps, (step, { pathDepth }) => {
    count++;
    const id = looseId(step);
    const stepId = id ?? '';
    if (id) {
      if (ids.has(id)) problems.push({ stepId: id, path: ['id'], code: 'duplicate_id', message: `Step id "${id}" is used more than once` });
      ids.add(id);
    }
    switch (step.type) {
      case 'filter':
        checkConditions(step.conditions, stepId, ['conditions'], problems);
        break;
      case 'path':
        checkPath(step, stepId, pathDepth, problems);
        break;
      case 'code':
        if (typeof step.source === 'string' && step.source.trim() === '') {
          problems.push({ stepId, path: ['source'], code: 'missing_source', message: 'The code step has no code' });
        }
        break;
      case 'action':
      case 'fail':
        problems.push(...errorBranchProblems(step, stepId));
        break;
      case 'repeater':
        if (typeof step.items === 'string' && parseTemplate(step.items).sole === null) {
          problems.push({
            stepId,
            path: ['items'],
            code: 'items_not_reference',
            message: 'Items must be exactly one reference to a list, like {{trigger.line_items}}',
          });
        }
        break;
    }
  });
  problems.push(...subkonnectorProblems(definition));
  if (count > maxSteps) {
    problems.push({ stepId: '', path: ['steps'], code: 'too_many_steps', message: `A konnector has at most ${maxSteps} steps (this one has ${count})` });
  }
  return problems;
}
