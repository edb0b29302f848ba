/**
 * A large konnector for the canvas bench: `total` steps (default 150) of every kind, nested the
 * way real ones are: paths with three branches, repeaters with a body, filters, code and actions.
 */
type Json = Record<string, unknown>;

export function canvasDraft(total = 150): { trigger: Json; steps: Json[] } {
  let made = 0;
  const action = (id: string): Json => ({
    type: 'action',
    id,
    connector: 'formatter',
    action: 'text',
    input: { operation: 'uppercase', value: `Hi {{trigger.first_name}} (${id})` },
    onError: 'stop',
  });
  const list = (depth: number, budget: number): Json[] => {
    const out: Json[] = [];
    while (made < total && out.length < budget) {
      const i = made++;
      const kind = i % 12;
      if (depth < 2 && kind === 3) {
        out.push({
          type: 'path',
          id: `path_${i}`,
          branches: ['Big', 'Medium', 'Small'].map((name, b) => ({
            id: `branch_${i}_${b}`,
            name,
            conditions: { all: [{ left: '{{trigger.total}}', op: 'gt', right: String(100 * (3 - b)) }] },
            steps: list(depth + 1, 3),
          })),
        });
      } else if (depth < 2 && kind === 8) {
        out.push({ type: 'repeater', id: `repeater_${i}`, items: '{{trigger.lines}}', maxIterations: 50, steps: list(depth + 1, 3) });
      } else if (kind === 5) {
        out.push({ type: 'filter', id: `filter_${i}`, conditions: { all: [{ left: '{{trigger.first_name}}', op: 'contains', right: 'Jo' }] } });
      } else if (kind === 10) {
        out.push({ type: 'code', id: `code_${i}`, source: 'const name = input.trigger.first_name;\nreturn { name, length: name.length };' });
      } else {
        out.push(action(`action_${i}`));
      }
    }
    return out;
  };
  return { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: list(0, Infinity) };
}

/** Steps in a definition, nested ones included. */
export function countSteps(steps: Json[]): number {
  let n = 0;
  for (const s of steps) {
    n++;
    if (Array.isArray(s.branches)) for (const b of s.branches as Json[]) n += countSteps(b.steps as Json[]);
    if (Array.isArray(s.otherwise)) n += countSteps(s.otherwise as Json[]);
    if (s.type === 'repeater') n += countSteps(s.steps as Json[]);
  }
  return n;
}
