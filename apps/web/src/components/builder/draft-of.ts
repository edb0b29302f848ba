/** The editable draft and stored sample of a konnector as the API returns it. */
import type { KonnectorDto } from '@/lib/api-types';
import { EMPTY_DRAFT, KonnectorDraft, type TriggerSample } from '@/lib/konnector-bodies';

/**
 * The konnector's draft, with defaults applied. A draft the schema does not accept (written by an
 * older version) is still shown as stored when it has a trigger and a step list, so it can be fixed.
 */
export function draftOf(raw: unknown): { draft: KonnectorDraft; readable: boolean } {
  const parsed = KonnectorDraft.safeParse(raw);
  if (parsed.success) return { draft: parsed.data, readable: true };
  if (typeof raw === 'object' && raw !== null && 'trigger' in raw && 'steps' in raw && Array.isArray(raw.steps) && typeof raw.trigger === 'object' && raw.trigger !== null) {
    return { draft: raw as KonnectorDraft, readable: true };
  }
  return { draft: EMPTY_DRAFT, readable: false };
}

/** The stored trigger sample, when the konnector has one. */
export function sampleOf(k: KonnectorDto | null): TriggerSample | null {
  return k?.sample ?? null;
}
