import { z } from 'zod';
import { asRecord, asString, looseId, type Loose } from './loose';
import type { Problem } from './problems';
import { forEachStep } from './step-index';

/** An object schema as the validator needs it: zod objects (any version-compatible copy) fit. */
export interface InputSchemaLike {
  shape: Readonly<Record<string, z.core.$ZodType>>;
}

/**
 * The part of the SDK's `Registry` the validator reads. `@konnect/sdk`'s `Registry` satisfies
 * it structurally, so this package stays free of SDK imports (web forms import it alone).
 */
export interface DefinitionRegistry {
  connector(key: string): { auth: { kind: string } } | undefined;
  trigger(connector: string, key: string): { input: InputSchemaLike; kind?: string } | undefined;
  action(connector: string, key: string): { input: InputSchemaLike } | undefined;
}

/** Keys of an object schema that do not accept `undefined` (no optional, no default). */
export function requiredKeys(schema: InputSchemaLike): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => {
      try {
        return !z.safeParse(field, undefined).success;
      } catch {
        return true;
      }
    })
    .map(([key]) => key);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The label a field's `.meta()` gives it (on the field or a schema it wraps), else its key in words ("entityModel" → "Entity Model"). */
export function fieldLabel(schema: InputSchemaLike, key: string): string {
  let current: unknown = schema.shape[key];
  for (let depth = 0; current && depth < 10; depth++) {
    const node = current as { meta?: () => unknown; _zod?: { def?: Record<string, unknown> } };
    const meta = typeof node.meta === 'function' ? (node.meta() as { label?: unknown } | undefined) : undefined;
    if (typeof meta?.label === 'string' && meta.label.trim() !== '') return meta.label;
    const def = node._zod?.def;
    current = def?.innerType ?? def?.in;
  }
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((w) => w !== '');
  return words.length ? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') : key;
}

function checkInput(schema: InputSchemaLike, input: unknown, stepId: string, problems: Problem[]): void {
  const mapped = asRecord(input) ?? {};
  for (const key of requiredKeys(schema)) {
    if (isBlank(mapped[key])) {
      // In the words on screen: the field's label, not its API name.
      problems.push({ stepId, path: ['input', key], code: 'missing_field', message: `${fieldLabel(schema, key)} is required` });
    }
  }
}

function checkConnection(
  registry: DefinitionRegistry,
  connector: string,
  node: Loose,
  stepId: string,
  problems: Problem[],
): void {
  const kind = registry.connector(connector)?.auth.kind;
  if (kind !== undefined && kind !== 'none' && isBlank(node.connectionId)) {
    problems.push({ stepId, path: ['connectionId'], code: 'missing_connection', message: `Choose a ${connector} connection` });
  }
}

/** Unknown connectors / events / actions, required mapped fields left empty, missing connections. */
export function registryProblems(definition: Loose, registry: DefinitionRegistry): Problem[] {
  const problems: Problem[] = [];
  const trigger = asRecord(definition.trigger);
  const tConnector = asString(trigger?.connector);
  const tEvent = asString(trigger?.event);
  if (trigger && tConnector) {
    if (!registry.connector(tConnector)) {
      problems.push({ stepId: 'trigger', path: ['connector'], code: 'unknown_connector', message: `Unknown app "${tConnector}"` });
    } else if (tEvent) {
      const def = registry.trigger(tConnector, tEvent);
      if (!def) {
        problems.push({ stepId: 'trigger', path: ['event'], code: 'unknown_event', message: `"${tConnector}" has no trigger "${tEvent}"` });
      } else {
        checkInput(def.input, trigger.input, 'trigger', problems);
      }
      checkConnection(registry, tConnector, trigger, 'trigger', problems);
    }
  }
  forEachStep(definition.steps, (step) => {
    if (step.type !== 'action') return;
    const stepId = looseId(step) ?? '';
    const connector = asString(step.connector);
    const action = asString(step.action);
    if (!connector || !action) return;
    if (!registry.connector(connector)) {
      problems.push({ stepId, path: ['connector'], code: 'unknown_connector', message: `Unknown app "${connector}"` });
      return;
    }
    const def = registry.action(connector, action);
    if (!def) {
      problems.push({ stepId, path: ['action'], code: 'unknown_action', message: `"${connector}" has no action "${action}"` });
    } else {
      checkInput(def.input, step.input, stepId, problems);
    }
    checkConnection(registry, connector, step, stepId, problems);
  });
  return problems;
}
