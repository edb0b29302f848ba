/**
 * Replay: run a finished run's trigger event again as a new run linked by `replayOfId`, with the
 * key `replay:<runId>:<n>`, on the konnector's current published version. `from_failed` copies
 * the succeeded step records before the first failed step as checkpoints of the new run, so the
 * engine resumes at the failed step and nothing before it runs again.
 */
import { Prisma } from '@konnect/db';
import { rowToRecord, writeSteps } from './checkpoints';
import { AppError } from './errors';
import type { Platform } from './platform';
import { FINAL_STATUSES } from './run';
import { enqueueRuns, insertRuns } from './run-create';

export type ReplayMode = 'from_failed' | 'from_start';

export async function replay(p: Platform, workspaceId: string, runId: string, mode: ReplayMode): Promise<{ runId: string; eventKey: string }> {
  const original = await p.db.run.findFirst({
    where: { id: runId, workspaceId },
    include: { steps: { orderBy: [{ seq: 'asc' }, { startedAt: 'asc' }] }, konnector: true },
  });
  if (!original) throw new AppError('not_found', `run ${runId} not found`);
  if (!FINAL_STATUSES.includes(original.status)) throw new AppError('conflict', `run ${runId} has not finished yet (${original.status})`);
  const versionId = original.konnector.publishedVersionId;
  if (!versionId) throw new AppError('invalid', 'the konnector has no published version to replay on');

  let checkpoints: ReturnType<typeof rowToRecord>[] = [];
  if (mode === 'from_failed') {
    const failedAt = original.steps.findIndex((s) => s.status === 'failed');
    if (failedAt < 0) throw new AppError('invalid', `run ${runId} has no failed step; replay it from the start`);
    checkpoints = original.steps.slice(0, failedAt).filter((s) => s.status === 'succeeded').map(rowToRecord);
  }

  const owner = { workspaceId, konnectorId: original.konnectorId, versionId };
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = (await p.db.run.count({ where: { replayOfId: original.id } })) + 1 + attempt;
    const eventKey = `replay:${original.id}:${n}`;
    try {
      const created = await p.db.$transaction(async (tx) => {
        const [run] = await insertRuns(tx, owner, [{ key: eventKey, data: (original.trigger ?? {}) as Record<string, unknown> }], { replayOfId: original.id });
        if (!run) return null;
        await writeSteps(tx, run.id, checkpoints.map((record, seq) => ({ record, seq })), { fieldLimitBytes: p.limits.fieldLimitBytes });
        return run;
      });
      if (!created) continue;
      await enqueueRuns(p, workspaceId, [created.id]);
      return { runId: created.id, eventKey };
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue;
      throw err;
    }
  }
  throw new AppError('conflict', `run ${runId} is being replayed by someone else; try again`);
}
