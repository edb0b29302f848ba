/**
 * Sub-konnectors on the run path (docs/subkonnectors.md): the engine's CallService for a live
 * run. `start` creates the called konnector's run, linked to the caller (Run.parentRunId /
 * parentStepId, callDepth + 1), with the event key `call:<runId>:<stepId>:<iteration>`, so a
 * resumed or retried caller finds the same run instead of creating another. `outcome` reads the
 * called run as its caller sees it: still going, its Return output, or its error in words.
 * `wakeCaller`: a called run that ended wakes the caller waiting for it (run-wait.ts wakeRun).
 */
import { Prisma } from '@konnect/db';
import { callEventKey, callerRunId, checkCallInput, declaredInputs, MAX_CALL_DEPTH, type StepError } from '@konnect/schemas';
import { stepNames, type CallFailure, type CallOutcome, type CallService, type CallStart } from '@konnect/engine';
import { publishedDefinition, versionDefinition } from './definition';
import { errorMessage, isAppError } from './errors';
import type { Platform } from './platform';
import { enqueueRuns, runInsertSql, runsByEventKey, TRIGGER_PAYLOAD_LIMIT_BYTES, type CreatedRun } from './run-create';
import { runId as newRunId } from './run-id';
import { wakeRun } from './run-wait';
import { limitedJson } from './truncate';

/** A final run status of a called run that counts as its caller's success. */
const SUCCEEDED = new Set(['succeeded', 'partial', 'filtered']);
const UNFINISHED = new Set(['queued', 'running', 'waiting']);

const refused = (message: string): CallStart => ({ ok: false, error: { kind: 'config', message } });

interface Caller {
  workspaceId: string;
  runId: string;
}

/** The called konnector of a call: it must be in the caller's workspace, on, and start with "Called by another konnector". */
async function callable(p: Platform, workspaceId: string, konnectorId: string) {
  const konnector = await p.db.konnector.findFirst({
    where: { id: konnectorId, workspaceId },
    select: { id: true, name: true, status: true, publishedVersion: { select: { id: true, definition: true } } },
  });
  if (!konnector) return { ok: false as const, start: refused(`The konnector to run (${konnectorId}) does not exist in this workspace`) };
  const version = konnector.publishedVersion;
  if (konnector.status !== 'active' || !version) {
    return { ok: false as const, start: refused(`Konnector "${konnector.name}" is off: turn it on so that other konnectors can run it`) };
  }
  const params = declaredInputs(versionDefinition(version.id, version.definition).trigger);
  if (!params) return { ok: false as const, start: refused(`Konnector "${konnector.name}" does not start with "Called by another konnector"`) };
  return { ok: true as const, konnector, versionId: version.id, params };
}

async function start(p: Platform, caller: Caller, request: Parameters<CallService['start']>[0]): Promise<CallStart> {
  const { workspaceId } = caller;
  const eventKey = callEventKey(caller.runId, request.stepId, request.iteration);
  // A resumed or retried caller: the run it created before (whatever changed since) is its run.
  const existing = (await runsByEventKey(p.db, request.konnectorId, [eventKey])).get(eventKey);
  if (existing) {
    const konnector = await p.db.konnector.findFirst({ where: { id: request.konnectorId, workspaceId }, select: { name: true } });
    if (konnector) return { ok: true, runId: existing.id, konnectorName: konnector.name, created: false };
  }

  const target = await callable(p, workspaceId, request.konnectorId);
  if (!target.ok) return target.start;
  const parent = await p.db.run.findFirst({ where: { id: caller.runId, workspaceId }, select: { callDepth: true } });
  if (!parent) return refused('The calling run no longer exists');
  if (parent.callDepth >= MAX_CALL_DEPTH) {
    return refused(`Konnectors can call each other at most ${MAX_CALL_DEPTH} levels deep: this run is already ${parent.callDepth} calls below the first konnector, so it cannot run "${target.konnector.name}"`);
  }
  const checked = checkCallInput(target.params, request.input, target.konnector.name);
  if (!checked.ok) return refused(checked.message);

  const id = newRunId();
  const payload = limitedJson(checked.data, TRIGGER_PAYLOAD_LIMIT_BYTES) ?? '{}';
  const inserted = await p.db.$queryRaw<CreatedRun[]>(runInsertSql(Prisma.sql`
    SELECT ${id}::text AS id, ${workspaceId}::text AS workspace_id, ${target.konnector.id}::text AS konnector_id, ${target.versionId}::text AS version_id,
      ${eventKey}::text AS key, ${payload}::text AS payload, NULL::text AS replay_of_id, ${caller.runId}::text AS parent_run_id,
      ${request.stepId}::text AS parent_step_id, ${parent.callDepth + 1}::int AS call_depth, 1 AS n`));
  const created = inserted[0]?.id;
  if (!created) {
    // Another execution of the same caller inserted it in the meantime.
    const row = (await runsByEventKey(p.db, target.konnector.id, [eventKey])).get(eventKey);
    if (!row) return refused('The run this call created is gone');
    return { ok: true, runId: row.id, konnectorName: target.konnector.name, created: false };
  }
  try {
    await enqueueRuns(p, workspaceId, [created]);
  } catch (err) {
    // The run is in Postgres: the reconciler enqueues queued runs whose job is missing.
    p.log.warn(`run ${caller.runId}: the job of called run ${created} was not enqueued (${errorMessage(err)}); the reconciler will`);
  }
  return { ok: true, runId: created, konnectorName: target.konnector.name, created: true };
}

/** The Return output a called run ended with ({} when it had no Return step). */
async function returnOutput(p: Platform, runId: string): Promise<Record<string, unknown>> {
  const step = await p.db.runStep.findFirst({ where: { runId, type: 'return', status: 'succeeded' }, select: { output: true } });
  const output = step?.output;
  return typeof output === 'object' && output !== null && !Array.isArray(output) ? (output as Record<string, unknown>) : {};
}

/** A failed called run's error in its caller's words: which konnector, which of its steps, what happened, which run. */
export async function calledRunFailure(p: Platform, run: { id: string; versionId: string; status: string; error: unknown; konnectorName: string }): Promise<CallFailure> {
  if (run.status === 'cancelled') return { kind: 'engine', message: `Konnector "${run.konnectorName}" run ${run.id} was cancelled` };
  const error = (run.error ?? null) as Partial<StepError> | null;
  let at = '';
  if (error?.stepId) {
    try {
      const names = stepNames(await publishedDefinition(p, run.versionId), p.registry);
      at = ` at "${names.get(error.stepId) ?? error.stepId}"`;
    } catch {
      at = ` at "${error.stepId}"`;
    }
  }
  const kind = error?.kind ?? 'engine';
  return { kind, message: `Konnector "${run.konnectorName}" failed${at} (run ${run.id}): ${error?.message ?? 'no error was recorded'}` };
}

async function outcome(p: Platform, caller: Caller, runId: string): Promise<CallOutcome> {
  const run = await p.db.run.findFirst({
    where: { id: runId, workspaceId: caller.workspaceId },
    select: { id: true, status: true, error: true, versionId: true, konnector: { select: { name: true } } },
  });
  if (!run) return { state: 'failed', error: { kind: 'not_found', message: `The called run ${runId} no longer exists` } };
  if (UNFINISHED.has(run.status)) return { state: 'running' };
  if (SUCCEEDED.has(run.status)) return { state: 'succeeded', output: await returnOutput(p, run.id) };
  return { state: 'failed', error: await calledRunFailure(p, { ...run, konnectorName: run.konnector.name }) };
}

/** The engine's call service for one live run. */
export function callService(p: Platform, caller: Caller): CallService {
  return {
    start: (request) => start(p, caller, request),
    outcome: (runId) => outcome(p, caller, runId),
  };
}

/**
 * Checks of the caller after its called run ended: at once, then while the caller is still storing
 * its wait (the called run can end between the caller's waiting record and its `waiting` row).
 * Past them a caller that never got its wake resumes at its timeout and reads the result then.
 */
const WAKE_CHECKS_MS = [0, 200, 500, 1000, 2000, 4000, 8000];

interface CallerState {
  status: string;
  /** The status of the caller's step record naming this called run; null before it is written. */
  step: string | null;
}

async function wakeWhenWaiting(p: Platform, called: { id: string; workspaceId: string }, callerId: string): Promise<void> {
  for (const delay of WAKE_CHECKS_MS) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const rows = await p.db.$queryRaw<CallerState[]>`
      SELECT r."status"::text AS "status",
        (SELECT s."status"::text FROM "RunStep" s WHERE s."runId" = r."id" AND s."type" = 'call' AND s."input"->>'runId' = ${called.id} LIMIT 1) AS "step"
      FROM "Run" r WHERE r."id" = ${callerId} AND r."workspaceId" = ${called.workspaceId}`;
    const caller = rows[0];
    // Gone, fire and forget (its step succeeded with the run id), already resumed, or finished.
    if (!caller || (caller.step !== null && caller.step !== 'waiting')) return;
    if (caller.status === 'waiting' && caller.step === 'waiting') {
      try {
        await wakeRun(p, { workspaceId: called.workspaceId, runId: callerId });
        return;
      } catch (err) {
        if (!(isAppError(err) && err.code === 'conflict')) throw err;
        continue; // it changed meanwhile: look again
      }
    }
    if (caller.status !== 'queued' && caller.status !== 'running') return;
  }
}

/** A run ended: when a "Run konnector" step of another run created it, wake that run if it waits for it. */
export function wakeCaller(p: Platform, run: { id: string; workspaceId: string; eventKey: string }): void {
  const callerId = callerRunId(run.eventKey);
  if (!callerId) return;
  wakeWhenWaiting(p, run, callerId).catch((err: unknown) => {
    p.log.warn(`run ${run.id}: its caller ${callerId} was not woken (${errorMessage(err)}); it resumes at its timeout`);
  });
}
