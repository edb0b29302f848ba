/**
 * Reading stored konnector definitions defensively (a draft is JSON that may predate today's
 * schema): the apps it uses, the connections it names, and a copy with its connection ids
 * replaced. The tree is walked by its known shape: trigger, steps, path branches / otherwise,
 * repeater bodies.
 */

export type JsonPath = (string | number)[];

/** A place in a definition that names a connection: the trigger or an action step. */
export interface ConnectionSlot {
  /** Path of the node (trigger or step) in the definition, e.g. ['steps', 0, 'branches', 1, 'steps', 0]. */
  path: JsonPath;
  stepId: string;
  connector: string;
  /** The raw `connectionId` value (a string id, or a placeholder object in an exported file). */
  value: unknown;
}

type Json = Record<string, unknown>;

const MAX_DEPTH = 32;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Calls `visit` for the trigger and every step (depth first, in order), with its path. */
export function walkNodes(definition: unknown, visit: (node: Json, path: JsonPath) => void): void {
  const root = asObject(definition);
  if (!root) return;
  const trigger = asObject(root.trigger);
  if (trigger) visit(trigger, ['trigger']);
  const walkSteps = (steps: unknown, path: JsonPath, depth: number) => {
    if (!Array.isArray(steps) || depth > MAX_DEPTH) return;
    steps.forEach((raw, i) => {
      const step = asObject(raw);
      if (!step) return;
      const here = [...path, i];
      visit(step, here);
      if (step.type === 'path') {
        if (Array.isArray(step.branches)) {
          step.branches.forEach((b, j) => walkSteps(asObject(b)?.steps, [...here, 'branches', j, 'steps'], depth + 1));
        }
        walkSteps(step.otherwise, [...here, 'otherwise'], depth + 1);
      } else if (step.type === 'repeater') {
        walkSteps(step.steps, [...here, 'steps'], depth + 1);
      }
      if (step.type === 'action') walkSteps(step.errorSteps, [...here, 'errorSteps'], depth + 1);
    });
  };
  walkSteps(root.steps, ['steps'], 0);
}

/** Connector keys the definition uses: the trigger's first, then each action's, once each. */
export function appsOf(definition: unknown): string[] {
  const apps = new Set<string>();
  walkNodes(definition, (node, path) => {
    const isTrigger = path.length === 1;
    if ((isTrigger || node.type === 'action') && text(node.connector)) apps.add(text(node.connector));
  });
  return [...apps];
}

/** The trigger and every action step, with the connection value each holds (if any). */
export function connectionSlots(definition: unknown): ConnectionSlot[] {
  const slots: ConnectionSlot[] = [];
  walkNodes(definition, (node, path) => {
    const isTrigger = path.length === 1;
    if (!isTrigger && node.type !== 'action') return;
    slots.push({ path, stepId: isTrigger ? 'trigger' : text(node.id), connector: text(node.connector), value: node.connectionId });
  });
  return slots;
}

/** A deep copy where each trigger/action's `connectionId` is replaced by `replace(slot)` (undefined removes it). */
export function withConnections(definition: unknown, replace: (slot: ConnectionSlot) => unknown): unknown {
  const copy: unknown = structuredClone(definition);
  walkNodes(copy, (node, path) => {
    const isTrigger = path.length === 1;
    if (!isTrigger && node.type !== 'action') return;
    if (!('connectionId' in node)) return;
    const next = replace({ path, stepId: isTrigger ? 'trigger' : text(node.id), connector: text(node.connector), value: node.connectionId });
    if (next === undefined) delete node.connectionId;
    else node.connectionId = next;
  });
  return copy;
}
