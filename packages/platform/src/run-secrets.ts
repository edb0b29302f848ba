/**
 * The secrets one run must keep out of its event log, known before any step can echo them:
 * every connection the definition names is opened up front (the resolver caches it for the
 * steps; a connection that fails to open fails its step later, as before), and action inputs
 * marked secret (the HTTP Request's token and password) are learned as their records are saved.
 */
import type { KonnectorDefinition, StepRecord } from '@konnect/schemas';
import { secretFieldNames, type Registry } from '@konnect/sdk';
import type { ConnectionResolver } from './connections';
import { allSteps } from './definition';
import { secretScrubber, type Scrubber } from './secrets';

export interface RunSecrets {
  scrub: Scrubber;
  /** The run's connection resolver; every connection it opens teaches the scrubber its secrets. */
  connections: ConnectionResolver;
  /** Learns the values of a record's secret-marked action inputs (call before the record is saved). */
  learn(record: StepRecord): void;
  /**
   * An action's output with every secret the run knows replaced (the step's secret-marked inputs
   * learned first): the engine's `redactOutput`, so later steps never see a secret an app echoed.
   */
  redactOutput(stepId: string, input: unknown, output: Record<string, unknown>): Record<string, unknown>;
}

export async function runSecrets(registry: Registry, definition: KonnectorDefinition, resolver: ConnectionResolver): Promise<RunSecrets> {
  const scrub = secretScrubber();
  const connections: ConnectionResolver = async (connectionId, connectorKey) => {
    const resolved = await resolver(connectionId, connectorKey);
    scrub.add(resolved.secrets);
    return resolved;
  };

  const used = new Map<string, [string | undefined, string]>();
  const secretInputs = new Map<string, string[]>();
  const { trigger } = definition;
  if (trigger.connectionId) used.set(`${trigger.connector}\u0000${trigger.connectionId}`, [trigger.connectionId, trigger.connector]);
  for (const step of allSteps(definition.steps)) {
    if (step.type !== 'action') continue;
    if (step.connectionId) used.set(`${step.connector}\u0000${step.connectionId}`, [step.connectionId, step.connector]);
    const action = registry.action(step.connector, step.action);
    const names = action ? secretFieldNames(action.input) : [];
    if (names.length > 0) secretInputs.set(step.id, names);
  }
  await Promise.all([...used.values()].map(([id, key]) => connections(id, key).catch(() => undefined)));

  const learnInput = (stepId: string, input: unknown): void => {
    const names = secretInputs.get(stepId);
    if (!names || typeof input !== 'object' || input === null) return;
    scrub.add(names.map((name) => (input as Record<string, unknown>)[name]).filter((v): v is string => typeof v === 'string'));
  };

  return {
    scrub,
    connections,
    learn: (record) => learnInput(record.stepId, record.input),
    redactOutput(stepId, input, output) {
      learnInput(stepId, input);
      return scrub.value(output);
    },
  };
}
