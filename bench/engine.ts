/**
 * Engine overhead with no I/O: an in-memory connector whose actions return at once and an
 * in-memory checkpoint store. Prints p50 / p99 per step kind (the whole execute() of a
 * one-step definition, which includes run setup, and the step's own recorded duration),
 * the code step p50, and runs/s for a 5-step definition in one process.
 *
 * Run: cd bench && npx tsx engine.ts
 */
import { createRegistry, defineAction, defineConnector, type HttpClient } from '@konnect/sdk';
import { execute, warmSandbox, type ExecuteOptions } from '@konnect/engine';
import type { KonnectorDefinitionInput, StepRecord } from '@konnect/schemas';
import { z } from 'zod';

const http: HttpClient = {
  request: async () => {
    throw new Error('no HTTP in this benchmark');
  },
};

const mem = defineConnector({
  key: 'mem',
  name: 'Memory',
  description: 'returns at once',
  category: 'tool',
  icon: '',
  auth: { kind: 'none' },
  triggers: [],
  actions: [
    defineAction({
      key: 'upsert',
      name: 'Upsert',
      description: 'echoes its input',
      input: z.object({
        email: z.string(),
        first_name: z.string(),
        last_name: z.string(),
        full_name: z.string(),
        company: z.string(),
        plan: z.string(),
        seats: z.number(),
        vip: z.boolean(),
        note: z.string(),
        address: z.object({ city: z.string(), country: z.string() }),
      }),
      run: async ({ input }) => ({ id: 'p_1', email: input.email }),
    }),
    defineAction({ key: 'ping', name: 'Ping', description: 'nothing', input: z.object({ text: z.string() }), run: async ({ input }) => ({ text: input.text }) }),
  ],
});
const registry = createRegistry([mem]);

const trigger = { id: 'trigger', connector: 'mem', event: 'any' } as const;
const data = {
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  company: { name: 'Analytical Engines', plan: 'enterprise', seats: '250' },
  vip: true,
  created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  address: { city: 'London', country: 'UK' },
  items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }],
};

const filterStep = {
  type: 'filter',
  id: 'f',
  conditions: { all: [{ left: '{{trigger.company.seats}}', op: 'gt', right: '100' }, { left: '{{trigger.email}}', op: 'contains', right: '@example' }, { any: [{ left: '{{trigger.vip}}', op: 'is_true' }] }] },
};
const pathStep = {
  type: 'path',
  id: 'route',
  branches: [
    { id: 'free', name: 'Free', conditions: { all: [{ left: '{{trigger.company.plan}}', op: 'equals', right: 'free' }] }, steps: [] },
    { id: 'pro', name: 'Pro', conditions: { all: [{ left: '{{trigger.company.plan}}', op: 'equals', right: 'pro' }] }, steps: [] },
    { id: 'ent', name: 'Enterprise', conditions: { all: [{ left: '{{trigger.company.plan}}', op: 'equals', right: 'enterprise' }, { left: '{{trigger.created_at}}', op: 'within_last_days', right: '30' }] }, steps: [] },
  ],
};
const actionStep = {
  type: 'action',
  id: 'upsert',
  connector: 'mem',
  action: 'upsert',
  input: {
    email: '{{trigger.email}}',
    first_name: '{{trigger.first_name}}',
    last_name: '{{trigger.last_name}}',
    full_name: '{{trigger.first_name}} {{trigger.last_name}}',
    company: '{{trigger.company.name}}',
    plan: 'Plan: {{trigger.company.plan}}',
    seats: '{{trigger.company.seats}}',
    vip: '{{trigger.vip}}',
    note: 'First item {{trigger.items[0].sku}} x{{trigger.items.0.qty}}',
    address: { city: '{{trigger.address.city}}', country: '{{trigger.address.country}}' },
  },
};
const codeStep = { type: 'code', id: 'calc', source: 'const qty = input.trigger.items.reduce((s, i) => s + i.qty, 0);\nreturn { qty, name: input.trigger.first_name.toUpperCase() };' };
const fiveSteps = [
  filterStep,
  pathStep,
  codeStep,
  actionStep,
  { type: 'action', id: 'ping', connector: 'mem', action: 'ping', input: { text: '{{steps.calc.name}} has {{steps.calc.qty}} items, contact {{steps.upsert.id}}' } },
];

function definition(steps: unknown[]): KonnectorDefinitionInput {
  return { trigger, steps } as KonnectorDefinitionInput;
}

let runCounter = 0;
function options(def: KonnectorDefinitionInput, sink: StepRecord[]): ExecuteOptions {
  const saved: StepRecord[] = [];
  return {
    runId: `bench-${runCounter++}`,
    definition: def,
    event: { key: 'e', data },
    registry,
    connections: async () => ({ auth: undefined, http }),
    checkpoints: { load: async () => [], save: async (r) => void saved.push(r) },
    onStep: (r) => void sink.push(r),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

async function measure(label: string, steps: unknown[], iterations: number, warmup: number): Promise<void> {
  const def = definition(steps);
  const sink: StepRecord[] = [];
  for (let i = 0; i < warmup; i++) {
    const result = await execute(options(def, sink));
    if (result.status !== 'succeeded') throw new Error(`${label}: ${result.summary}`);
  }
  sink.length = 0;
  const totals: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await execute(options(def, sink));
    totals.push(performance.now() - t0);
  }
  const own = sink.map((r) => r.durationMs).sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} execute p50 ${us(percentile(totals, 50))}  p99 ${us(percentile(totals, 99))}   step-only p50 ${us(percentile(own, 50))}  p99 ${us(percentile(own, 99))}   (n=${iterations})`,
  );
}

async function throughput(seconds: number): Promise<void> {
  const def = definition(fiveSteps);
  const sink: StepRecord[] = [];
  for (let i = 0; i < 200; i++) await execute(options(def, sink));
  let runs = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const result = await execute(options(def, sink));
    if (result.status !== 'succeeded') throw new Error(result.summary);
    runs++;
    sink.length = 0;
  }
  console.log(`5-step run (filter→path→code→action→action): ${Math.round(runs / seconds)} runs/s sequential in one process (${runs} runs in ${seconds} s)`);
}

await warmSandbox();
console.log(`engine bench: node ${process.version}, ${new Date().toISOString()}`);
await measure('filter (3 rules, nested)', [filterStep], 20_000, 3_000);
await measure('path (3 branches, 3rd wins)', [pathStep], 20_000, 3_000);
await measure('action (10 mapped fields)', [actionStep], 20_000, 3_000);
await measure('code step', [codeStep], 2_000, 300);
await throughput(3);
console.log('targets: filter / path / action p50 <= 20 µs, p99 <= 200 µs; code p50 <= 1 ms');
