import type { Registry } from '@konnect/sdk';
import type { KonnectorDefinitionInput, StepRecord } from '@konnect/schemas';
import { execute } from './execute';
import type { ConnectionResolver, ExecuteOptions, ExecuteResult } from './types';

export interface TestRunOptions {
  definition: KonnectorDefinitionInput;
  sampleEvent: { key?: string; data: Record<string, unknown> };
  registry: Registry;
  connections: ConnectionResolver;
  /** Passed through to execute (clock, sleep, code limits, the sandbox owner…). */
  overrides?: Pick<ExecuteOptions, 'now' | 'sleep' | 'random' | 'onStep' | 'retryBudgets' | 'codeLimits' | 'sandboxOwner' | 'services' | 'redactOutput' | 'calls'>;
}

/** Runs a definition once against a sample event: in-memory checkpoints, mode 'test'. */
export async function testRun(options: TestRunOptions): Promise<ExecuteResult> {
  const saved: StepRecord[] = [];
  return execute({
    runId: `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    definition: options.definition,
    event: { key: options.sampleEvent.key ?? 'sample', data: options.sampleEvent.data },
    registry: options.registry,
    connections: options.connections,
    checkpoints: {
      load: async () => [],
      save: async (record) => {
        saved.push(record);
      },
    },
    mode: 'test',
    ...options.overrides,
  });
}
