/**
 * Audit events for work that changes nothing else in the workspace but must still be accountable
 * (finding 13): a draft saved, a konnector exported, a test run, a "Run code", a replay. Each is
 * recorded after the action succeeded (a refused request is not an action), from the route, with
 * the action's own result: what was saved, how the test ended, which run the replay created.
 * Never the draft, the sample, the code or its output (they may hold customer data or secrets).
 */
import type { KonnectorDto } from '../konnectors/dto';
import type { TestRunDto } from '../konnectors/test-run';
import type { CodeRunDto } from '../builder/code-run';
import type { ReplayDto } from '../runs/replay';
import type { WorkspaceScope } from '../workspace-scope';
import { audit } from './audit';

const SAVED_FIELDS = ['name', 'description', 'tags', 'draft', 'sample'] as const;

/** PATCH …/konnectors/:id: which fields were saved. */
export async function recordKonnectorSaved(ws: WorkspaceScope, konnector: Pick<KonnectorDto, 'id' | 'name'>, body: Partial<Record<(typeof SAVED_FIELDS)[number], unknown>>): Promise<void> {
  const changed = SAVED_FIELDS.filter((f) => body[f] !== undefined);
  await audit(ws, { action: 'konnector.saved', targetType: 'konnector', targetId: konnector.id, targetLabel: konnector.name, details: { changed } });
}

export async function recordKonnectorExported(ws: WorkspaceScope, konnectorId: string, name: string): Promise<void> {
  await audit(ws, { action: 'konnector.exported', targetType: 'konnector', targetId: konnectorId, targetLabel: name });
}

/** A test run of a saved konnector (its id) or of one never saved (null). */
export async function recordTestRun(ws: WorkspaceScope, konnectorId: string | null, result: TestRunDto, usedUnsavedDraft: boolean): Promise<void> {
  let label = 'Unsaved konnector';
  if (konnectorId) {
    const row = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { name: true } });
    label = row?.name ?? konnectorId;
  }
  await audit(ws, {
    action: 'konnector.tested',
    targetType: 'konnector',
    targetId: konnectorId,
    targetLabel: label,
    details: { status: result.status, draft: usedUnsavedDraft ? 'unsaved' : 'saved', steps: result.steps.length },
  });
}

export async function recordCodeRun(ws: WorkspaceScope, result: CodeRunDto): Promise<void> {
  await audit(ws, {
    action: 'code.ran',
    targetType: 'code',
    targetId: null,
    targetLabel: 'Code step',
    details: { ok: result.ok, durationMs: result.durationMs, ...(result.ok ? {} : { error: result.error.kind }) },
  });
}

export async function recordReplay(ws: WorkspaceScope, replay: ReplayDto): Promise<void> {
  const run = await ws.tenant.run.findFirst({ where: { id: replay.replayOfId }, select: { konnector: { select: { name: true } } } });
  await audit(ws, {
    action: 'run.replayed',
    targetType: 'run',
    targetId: replay.replayOfId,
    targetLabel: run?.konnector.name ?? replay.replayOfId,
    details: { mode: replay.mode, newRunId: replay.runId },
  });
}

async function recordRunAction(ws: WorkspaceScope, action: 'run.resumed' | 'run.cancelled', runId: string): Promise<void> {
  const run = await ws.tenant.run.findFirst({ where: { id: runId }, select: { konnector: { select: { name: true } } } });
  await audit(ws, { action, targetType: 'run', targetId: runId, targetLabel: run?.konnector.name ?? runId });
}

/** POST …/runs/:id/resume: a waiting run's Delay ended early by a person. */
export function recordRunResumed(ws: WorkspaceScope, runId: string): Promise<void> {
  return recordRunAction(ws, 'run.resumed', runId);
}

/** POST …/runs/:id/cancel: a waiting run cancelled by a person. */
export function recordRunCancelled(ws: WorkspaceScope, runId: string): Promise<void> {
  return recordRunAction(ws, 'run.cancelled', runId);
}
