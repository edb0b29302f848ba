/** Everything wrong with a draft: the schema validator's problems plus connections that are not usable here. */
import { registry } from '@konnect/connectors';
import { validateDefinition, type Problem } from '@konnect/schemas';
import type { ScopedDb } from '../tenant';
import { callProblems } from './callable';
import type { WorkspaceScope } from '../workspace-scope';
import { connectionSlots, walkNodes } from './definition';

/**
 * What the builder leaves empty until the user chooses: say what to do rather than what the
 * schema expected ("connector: Too small…"). Keyed by node kind, then field.
 */
const BLANK: Record<string, Record<string, string>> = {
  trigger: {
    connector: 'Choose the app whose event starts this konnector',
    event: 'Choose the trigger event',
  },
  action: {
    connector: 'Choose the app this step uses',
    action: 'Choose the action this step performs',
  },
  repeater: {
    items: 'Choose the list to repeat over, like {{trigger.line_items}}',
  },
};

type Node = Record<string, unknown>;

/** The trigger and every step by id (first occurrence), as the draft holds them. */
function nodesById(draft: unknown): Map<string, Node> {
  const nodes = new Map<string, Node>();
  walkNodes(draft, (node, path) => {
    const id = path.length === 1 ? 'trigger' : typeof node.id === 'string' ? node.id : '';
    if (id && !nodes.has(id)) nodes.set(id, node);
  });
  return nodes;
}

function friendlier(problem: Problem, nodes: Map<string, Node>): Problem {
  if (problem.path.length !== 1) return problem;
  const node = nodes.get(problem.stepId);
  const field = String(problem.path[0]);
  if (!node || node[field] !== '') return problem;
  const kind = problem.stepId === 'trigger' ? 'trigger' : typeof node.type === 'string' ? node.type : '';
  const message = BLANK[kind]?.[field];
  if (!message || (problem.code !== 'schema' && problem.code !== 'items_not_reference')) return problem;
  return { ...problem, code: 'missing_field', message };
}

/**
 * `validateDefinition`'s problems (blank choices worded as what to do next), plus one
 * `missing_connection` problem per trigger/action whose connection does not exist in this
 * workspace (deleted, or another workspace's id) or belongs to another app.
 */
export async function draftProblems(tenant: ScopedDb, draft: unknown): Promise<Problem[]> {
  const nodes = nodesById(draft);
  const problems = validateDefinition(draft, registry).map((p) => friendlier(p, nodes));
  problems.push(...(await callProblems(tenant, draft)));
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

/** POST …/konnectors/validate: the problems of unsaved edits (nothing is stored). */
export async function validateDraft(ws: WorkspaceScope, draft: unknown): Promise<{ problems: Problem[] }> {
  return { problems: await draftProblems(ws.tenant, draft) };
}
