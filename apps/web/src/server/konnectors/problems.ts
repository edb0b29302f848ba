/** Everything wrong with a draft: the schema validator's problems plus connections that are not usable here. */
import { registry } from '@konnect/connectors';
import { validateDefinition, type Problem } from '@konnect/schemas';
import type { ScopedDb } from '../tenant';
import { connectionSlots } from './definition';

/**
 * `validateDefinition`'s problems, plus one `missing_connection` problem per trigger/action whose
 * connection does not exist in this workspace (deleted, or another workspace's id) or belongs to
 * another app.
 */
/** A blank konnector's trigger: say what to do rather than what the schema expected. */
const BLANK_TRIGGER: Record<string, string> = {
  connector: 'Choose the app whose event starts this konnector',
  event: 'Choose the trigger event',
};

function friendlier(problem: Problem, draft: unknown): Problem {
  const field = problem.path.length === 1 ? String(problem.path[0]) : '';
  const trigger = typeof draft === 'object' && draft !== null ? (draft as { trigger?: Record<string, unknown> }).trigger : undefined;
  const message = BLANK_TRIGGER[field];
  if (problem.stepId !== 'trigger' || problem.code !== 'schema' || !message || trigger?.[field] !== '') return problem;
  return { ...problem, code: 'missing_field', message };
}

export async function draftProblems(tenant: ScopedDb, draft: unknown): Promise<Problem[]> {
  const problems = validateDefinition(draft, registry).map((p) => friendlier(p, draft));
  const slots = connectionSlots(draft).filter((s): s is typeof s & { value: string } => typeof s.value === 'string' && s.value !== '');
  if (slots.length === 0) return problems;
  const ids = [...new Set(slots.map((s) => s.value))];
  const found = await tenant.connection.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, connectorKey: true } });
  const byId = new Map(found.map((c) => [c.id, c]));
  for (const slot of slots) {
    const connection = byId.get(slot.value);
    if (!connection) {
      problems.push({ stepId: slot.stepId, path: ['connectionId'], code: 'missing_connection', message: 'The connection does not exist in this workspace any more; choose another' });
    } else if (slot.connector && connection.connectorKey !== slot.connector) {
      problems.push({ stepId: slot.stepId, path: ['connectionId'], code: 'missing_connection', message: `"${connection.name}" is a ${connection.connectorKey} connection, not ${slot.connector}` });
    }
  }
  return problems;
}
