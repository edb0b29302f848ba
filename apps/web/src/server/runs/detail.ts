/** One run for the event log's detail view: trigger data, error, and every step (flat and as a tree). */
import type { RunStatus } from '@konnect/db';
import { StepError, type StepStatus } from '@konnect/schemas';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { stepTree, type StepNode, type StepView } from './tree';

export interface RunDetailDto {
  id: string;
  konnector: { id: string; name: string };
  version: { id: string; number: number };
  status: RunStatus;
  summary: string;
  /** The trigger event's data (the record that started the run). */
  trigger: unknown;
  eventKey: string;
  error: StepError | null;
  tasks: number;
  replayOfId: string | null;
  replays: { id: string; status: RunStatus; createdAt: string }[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Every step record in the order they ran (seq). */
  steps: StepView[];
  /** The same records nested for paths and repeaters (`step` indexes into `steps`). */
  tree: StepNode[];
  /** Sub-konnectors: the run (and its step) that called this one, and the runs this one called. */
  calledBy: { runId: string; stepId: string | null; konnector: { id: string; name: string } } | null;
  calledRuns: { id: string; stepId: string | null; status: RunStatus; konnector: { id: string; name: string } }[];
  /** Still queued or running: the UI polls until it is not. */
  live: boolean;
  /** A waiting run's due time (ISO): "Waiting until …"; null otherwise. */
  resumeAt: string | null;
}

function storedError(raw: unknown): StepError | null {
  if (raw === null || raw === undefined) return null;
  const parsed = StepError.safeParse(raw);
  return parsed.success ? parsed.data : { kind: 'engine', message: 'The stored error could not be read', stepId: '', retryable: false };
}

const logsOf = (raw: unknown): string[] => (Array.isArray(raw) ? raw.filter((l): l is string => typeof l === 'string') : []);

/**
 * The run's creation time, from its event key row (one index probe): Run and RunStep are
 * partitioned on it, so with it every query below reads one partition (or, for the runs created
 * after this one, the partitions from its day on) instead of probing every day kept.
 */
async function createdAtOf(ws: WorkspaceScope, runId: string): Promise<Date | null> {
  const key = await ws.db.runEventKey.findUnique({ where: { runId }, select: { createdAt: true } });
  return key?.createdAt ?? null;
}

export async function getRun(ws: WorkspaceScope, runId: string): Promise<RunDetailDto> {
  const createdAt = await createdAtOf(ws, runId);
  if (!createdAt) throw notFound('Run');
  const run = await ws.tenant.run.findFirst({
    where: { id: runId, createdAt },
    include: {
      konnector: { select: { id: true, name: true } },
      version: { select: { id: true, number: true, definition: true } },
      steps: { where: { runCreatedAt: createdAt }, orderBy: [{ seq: 'asc' }, { startedAt: 'asc' }] },
      // Replays and called runs are created after their run.
      replays: { where: { createdAt: { gte: createdAt } }, select: { id: true, status: true, createdAt: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 20 },
      // Links both ways stay in the workspace: a caller or called run is always of the same workspace.
      parentRun: { select: { id: true, workspaceId: true, konnector: { select: { id: true, name: true } } } },
      calledRuns: { where: { workspaceId: ws.workspaceId, createdAt: { gte: createdAt } }, select: { id: true, parentStepId: true, status: true, konnector: { select: { id: true, name: true } } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 100 },
    },
  });
  if (!run) throw notFound('Run');
  const { steps, tree } = stepTree(
    run.version.definition,
    run.steps.map((s) => ({
      stepId: s.stepId,
      iteration: s.iteration,
      type: s.type,
      status: s.status as StepStatus,
      input: s.input,
      output: s.output,
      error: storedError(s.error),
      logs: logsOf(s.logs),
      attempts: s.attempts,
      durationMs: s.durationMs,
      startedAt: s.startedAt.toISOString(),
    })),
  );
  return {
    id: run.id,
    konnector: run.konnector,
    version: { id: run.version.id, number: run.version.number },
    status: run.status,
    summary: run.summary,
    trigger: run.trigger,
    eventKey: run.eventKey,
    error: storedError(run.error),
    tasks: run.tasks,
    replayOfId: run.replayOfId,
    replays: run.replays.map((r) => ({ id: r.id, status: r.status, createdAt: r.createdAt.toISOString() })),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    steps,
    tree,
    calledBy: run.parentRun && run.parentRun.workspaceId === ws.workspaceId ? { runId: run.parentRun.id, stepId: run.parentStepId, konnector: run.parentRun.konnector } : null,
    calledRuns: run.calledRuns.map((c) => ({ id: c.id, stepId: c.parentStepId, status: c.status, konnector: c.konnector })),
    live: run.status === 'queued' || run.status === 'running',
    resumeAt: run.status === 'waiting' ? (run.resumeAt?.toISOString() ?? null) : null,
  };
}
