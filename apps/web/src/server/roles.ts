import type { Role } from '@konnect/db';

export const ROLES = ['member', 'admin', 'owner'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** member < admin < owner. */
export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
