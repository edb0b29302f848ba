import { KonnectorDefinition } from './definition';
import { MAX_STEPS } from './limits';
import { asRecord } from './loose';
import type { Problem } from './problems';
import { registryProblems, type DefinitionRegistry } from './validate-registry';
import { referenceProblems } from './validate-refs';
import { respondProblems } from './validate-respond';
import { schemaProblems } from './validate-schema';
import { structureProblems } from './validate-structure';

export interface ValidateOptions {
  /** Step limit (default MAX_STEPS). */
  maxSteps?: number;
}

/**
 * Every problem of a definition at once: schema errors (mapped to step id + field path),
 * then structure, references and registry checks, which walk the raw value defensively
 * so one malformed step does not hide the problems of the others. Empty means valid.
 */
export function validateDefinition(definition: unknown, registry: DefinitionRegistry, options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const parsed = KonnectorDefinition.safeParse(definition);
  if (!parsed.success) problems.push(...schemaProblems(definition, parsed.error));
  const root = asRecord(definition);
  if (!root) return problems;
  problems.push(...structureProblems(root, options.maxSteps ?? MAX_STEPS));
  problems.push(...referenceProblems(root));
  problems.push(...registryProblems(root, registry));
  problems.push(...respondProblems(root, registry));
  return problems;
}
