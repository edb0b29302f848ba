/** Reading definitions out of the database (published versions were validated when published). */
import type { Db } from '@konnect/db';
import { KonnectorDefinition, type Step } from '@konnect/schemas';
import { AppError } from './errors';

const cache = new Map<string, KonnectorDefinition>();
const CACHE_LIMIT = 5000;

/** A published version's definition; versions are immutable, so parsed ones are cached by id. */
export function versionDefinition(versionId: string, raw: unknown): KonnectorDefinition {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const parsed = KonnectorDefinition.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid', `version ${versionId} holds an unreadable definition (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(versionId, parsed.data);
  return parsed.data;
}

/** A version's definition, from the cache or the database. */
export async function publishedDefinition(p: { db: Db }, versionId: string): Promise<KonnectorDefinition> {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const version = await p.db.konnectorVersion.findUniqueOrThrow({ where: { id: versionId } });
  return versionDefinition(version.id, version.definition);
}

/** Every step of a definition, depth first (path branches, otherwise, repeater bodies, error branches). */
export function allSteps(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  const walk = (list: readonly Step[]) => {
    for (const step of list) {
      out.push(step);
      if (step.type === 'path') {
        for (const branch of step.branches) walk(branch.steps);
        if (step.otherwise) walk(step.otherwise);
      } else if (step.type === 'repeater') {
        walk(step.steps);
      }
      if (step.type === 'action' && step.errorSteps) walk(step.errorSteps);
    }
  };
  walk(steps);
  return out;
}

/** Connection ids a definition uses (trigger and actions). */
export function connectionIds(definition: KonnectorDefinition): string[] {
  const ids = new Set<string>();
  if (definition.trigger.connectionId) ids.add(definition.trigger.connectionId);
  for (const step of allSteps(definition.steps)) {
    if (step.type === 'action' && step.connectionId) ids.add(step.connectionId);
  }
  return [...ids];
}
