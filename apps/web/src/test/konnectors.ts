/** Rows for konnector and event-log tests: Custify connections, konnectors with a version, runs with steps. */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import type { RunStatus, StepStatus } from '@konnect/db';
import { POST as CREATE_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/route';
import { testDb, type TestUser } from './fixtures';
import { call } from './request';

/** A Custify connection (through the API) with the simulator's default key, pointing at `baseUrl`. */
export async function custifyConnection(user: TestUser, workspaceId: string, baseUrl: string, name = 'Custify'): Promise<string> {
  const res = await call(CREATE_CONNECTION, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'custify', name, fields: { apiKey: DEFAULT_API_KEY, baseUrl } } });
  if (res.status !== 201) throw new Error(`creating a connection failed: ${res.status} ${res.text}`);
  return (res.json as { id: string }).id;
}

/** A Catch Hook trigger with no steps: valid without any connection. */
export const HOOK_DEFINITION = { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] };

/** A konnector (inactive) with one published version of `definition`. */
export async function konnectorWithVersion(workspaceId: string, definition: object, name = 'Konnector'): Promise<{ konnectorId: string; versionId: string }> {
  const db = testDb();
  const konnector = await db.konnector.create({ data: { workspaceId, name, draft: definition } });
  const version = await db.konnectorVersion.create({ data: { konnectorId: konnector.id, number: 1, definition } });
  await db.konnector.update({ where: { id: konnector.id }, data: { publishedVersionId: version.id } });
  return { konnectorId: konnector.id, versionId: version.id };
}

export interface RunSeed {
  status?: RunStatus;
  createdAt: Date;
  trigger?: object;
}

/** Inserts runs in one statement; returns their ids in the given order. */
export async function insertRuns(workspaceId: string, konnectorId: string, versionId: string, runs: RunSeed[]): Promise<string[]> {
  const batch = Math.random().toString(36).slice(2);
  const rows = await testDb().run.createManyAndReturn({
    data: runs.map((r, i) => ({
      workspaceId,
      konnectorId,
      versionId,
      eventKey: `seed-${batch}-${i}`,
      status: r.status ?? 'succeeded',
      trigger: r.trigger ?? { n: i },
      summary: `run ${i}`,
      createdAt: r.createdAt,
    })),
    select: { id: true, eventKey: true, createdAt: true },
  });
  // Every run has its event key row (packages/platform/src/run-create.ts): the dedupe and the way from an id to its partition.
  await testDb().runEventKey.createMany({ data: rows.map((r) => ({ konnectorId, eventKey: r.eventKey, runId: r.id, createdAt: r.createdAt })) });
  const byKey = new Map(rows.map((r) => [r.eventKey, r.id]));
  return runs.map((_, i) => byKey.get(`seed-${batch}-${i}`) ?? '');
}

export interface StepSeed {
  stepId: string;
  iteration?: string;
  type?: string;
  status?: StepStatus;
  input?: object;
  output?: object;
  error?: object;
}

export async function insertSteps(runId: string, steps: StepSeed[]): Promise<void> {
  const { createdAt: runCreatedAt } = await testDb().runEventKey.findUniqueOrThrow({ where: { runId }, select: { createdAt: true } });
  await testDb().runStep.createMany({
    data: steps.map((s, seq) => ({
      runId,
      runCreatedAt,
      stepId: s.stepId,
      iteration: s.iteration ?? '',
      type: s.type ?? 'action',
      status: s.status ?? 'succeeded',
      input: s.input ?? {},
      output: s.output ?? {},
      ...(s.error ? { error: s.error } : {}),
      seq,
      durationMs: 5,
    })),
  });
}
