/**
 * Turning a konnector on and off (used by the web app's toggle).
 *
 * activate: validate the draft (problems → AppError 'invalid' listing them), make sure every
 * connection it names belongs to the workspace, publish the draft as an immutable
 * KonnectorVersion (number + 1), mark the konnector active, and register its trigger. A polling
 * trigger's cursor is seeded at "now" on first activation (or with `skipToNow`); otherwise it is
 * kept, so what arrived while inactive runs once each and nothing seen before runs again.
 *
 * publish: the same for a konnector that is already on: its draft becomes version n+1 and the
 * trigger registration follows it (poll interval, schedule, kind), while the Catch Hook token and
 * the cursor stay (a changed trigger event or input starts from now). Runs keep the version they
 * were created with; the next run uses the new one. Refused (conflict) when the konnector is off.
 *
 * deactivate: mark inactive, remove the schedulers, disable the webhook; the cursor stays.
 */
import { randomBytes } from 'node:crypto';
import { Prisma } from '@konnect/db';
import { ConnectorError, type TriggerDef } from '@konnect/sdk';
import { KonnectorDefinition, formatPath, validateDefinition, type Problem } from '@konnect/schemas';
import { connectionIds, versionDefinition } from './definition';
import { AppError } from './errors';
import { isInfrastructureError } from './infrastructure';
import type { Platform } from './platform';
import { seedCursor } from './poll';
import { registerDefinition, unregisterTrigger } from './registration';
import { isAuthFailure, markConnectionNeedsAttention, resetTriggerHealth } from './trigger-health';
import { scheduleSpec, triggerOf } from './triggers';
import { checkCalls } from './subkonnector-publish';

export interface ActivateOptions {
  /** Start from now: records that arrived while the konnector was off are not run. */
  skipToNow?: boolean;
}

export interface ActivationResult {
  versionId: string;
  version: number;
  trigger: TriggerDef['kind'];
  /** The Catch Hook token (its URL is /hooks/<token>). */
  hookToken?: string;
}

function problemList(problems: Problem[]): string {
  return problems
    .slice(0, 10)
    .map((p) => `${p.stepId || 'konnector'}${p.path.length ? ` ${formatPath(p.path)}` : ''}: ${p.message}`)
    .join('; ');
}

/** A 32-byte random token, base64url. */
export function newHookToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cursor belongs to one trigger: a different trigger event or input starts from now. */
function triggerChanged(previous: { id: string; definition: unknown } | null, next: KonnectorDefinition): boolean {
  if (!previous) return false;
  const before = versionDefinition(previous.id, previous.definition).trigger;
  const after = next.trigger;
  return before.connector !== after.connector || before.event !== after.event || JSON.stringify(before.input) !== JSON.stringify(after.input);
}

type Mode = 'activate' | 'publish';

export async function activate(p: Platform, workspaceId: string, konnectorId: string, opts: ActivateOptions = {}): Promise<ActivationResult> {
  return publishDraft(p, workspaceId, konnectorId, 'activate', opts);
}

/** Publishes the draft of an active konnector as a new version (conflict when it is off). */
export async function publish(p: Platform, workspaceId: string, konnectorId: string): Promise<ActivationResult> {
  return publishDraft(p, workspaceId, konnectorId, 'publish', {});
}

/** Publishing an inactive konnector: refused (the web app checks this first too, with this same error). */
export function konnectorIsOff(): AppError {
  return new AppError('conflict', 'The konnector is off: turn it on to publish (turning it on publishes the draft)');
}

async function publishDraft(p: Platform, workspaceId: string, konnectorId: string, mode: Mode, opts: ActivateOptions): Promise<ActivationResult> {
  const konnector = await p.db.konnector.findFirst({ where: { id: konnectorId, workspaceId }, include: { cursor: true, publishedVersion: true } });
  if (!konnector) throw new AppError('not_found', `konnector ${konnectorId} not found`);
  if (mode === 'publish' && konnector.status !== 'active') throw konnectorIsOff();

  const problems = validateDefinition(konnector.draft, p.registry);
  if (problems.length > 0) {
    const what = mode === 'activate' ? 'turned on' : 'published';
    throw new AppError('invalid', `The konnector cannot be ${what}: ${problemList(problems)}`, { problems });
  }
  const definition = KonnectorDefinition.parse(konnector.draft);
  const ids = connectionIds(definition);
  if (ids.length > 0) {
    const found = await p.db.connection.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) throw new AppError('invalid', `The konnector uses connections that do not exist in this workspace: ${missing.join(', ')}`);
  }
  await checkCalls(p, workspaceId, konnector, definition);
  const trigger = triggerOf(p.registry, definition);
  // A schedule that cannot be read is refused before anything is published.
  if (trigger.kind === 'schedule') scheduleSpec(trigger, definition.trigger.input);

  const noCursor = !konnector.cursor || konnector.cursor.watermark === null;
  if (trigger.kind === 'polling' && (noCursor || opts.skipToNow || triggerChanged(konnector.publishedVersion, definition))) {
    await seedForActivation(p, workspaceId, konnectorId, definition);
  }
  return publishAndRegister(p, workspaceId, konnectorId, definition, trigger, mode);
}

/**
 * Seeds the cursor at "now" with a real poll. A refused connection fails the activation (and
 * marks the connection); a retryable failure (the app, or Konnect's own pacing, asked to wait)
 * clears the cursor instead, so the first scheduled poll seeds it.
 */
async function seedForActivation(p: Platform, workspaceId: string, konnectorId: string, definition: KonnectorDefinition): Promise<void> {
  try {
    await seedCursor(p, workspaceId, konnectorId, definition);
  } catch (err) {
    if (err instanceof ConnectorError && err.retryable) {
      await p.db.triggerCursor.updateMany({ where: { konnectorId }, data: { watermark: null, seenKeys: [], scan: Prisma.DbNull } });
      p.log.warn(`konnector ${konnectorId}: cursor not seeded at activation (${err.message}); the first poll will seed it`);
      return;
    }
    if (isAuthFailure(err) && definition.trigger.connectionId) {
      await markConnectionNeedsAttention(p, workspaceId, definition.trigger.connectionId, err.message);
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('invalid', `The trigger could not read from ${definition.trigger.connector}: ${reason}`);
  }
}

/** Publishes the definition as version n+1, marks the konnector active and registers its trigger. */
async function publishAndRegister(
  p: Platform,
  workspaceId: string,
  konnectorId: string,
  definition: KonnectorDefinition,
  trigger: TriggerDef,
  mode: Mode,
): Promise<ActivationResult> {
  const version = await p.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS "status" FROM "Konnector" WHERE "id" = ${konnectorId} FOR UPDATE`;
    // Turned off (or deleted) since it was read: publishing must not turn it back on.
    if (mode === 'publish' && locked[0]?.status !== 'active') throw konnectorIsOff();
    const last = await tx.konnectorVersion.aggregate({ where: { konnectorId }, _max: { number: true } });
    const created = await tx.konnectorVersion.create({
      data: { konnectorId, number: (last._max.number ?? 0) + 1, definition: definition as object },
    });
    await tx.konnector.update({ where: { id: konnectorId }, data: { status: 'active', publishedVersionId: created.id } });
    return created;
  });
  await resetTriggerHealth(p, workspaceId, konnectorId, mode === 'activate' ? 'Turned on' : `Version ${version.number} published`);

  const result: ActivationResult = { versionId: version.id, version: version.number, trigger: trigger.kind };
  if (trigger.kind !== 'webhook') await p.db.webhookEndpoint.updateMany({ where: { konnectorId, workspaceId }, data: { enabled: false } });
  await registerOrLeave(p, () => registerDefinition(p, workspaceId, konnectorId, definition));
  if (trigger.kind === 'webhook') {
    const endpoint = await p.db.webhookEndpoint.upsert({
      where: { konnectorId },
      create: { konnectorId, workspaceId, token: newHookToken(), enabled: true },
      update: { enabled: true },
    });
    result.hookToken = endpoint.token;
  }
  // A deactivation that ran while the trigger was being registered wins: take the registration back.
  const now = await p.db.konnector.findUnique({ where: { id: konnectorId }, select: { status: true } });
  if (now?.status !== 'active') await unregister(p, workspaceId, konnectorId);
  return result;
}

/**
 * Redis work of (de)activation. Postgres already holds the decision; while Redis is unreachable the
 * reconciler registers or removes the schedulers once it is back, so the toggle still works.
 */
async function registerOrLeave(p: Platform, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!isInfrastructureError(err)) throw err;
    p.deps.down('redis', err);
  }
}

async function unregister(p: Platform, workspaceId: string, konnectorId: string): Promise<void> {
  await registerOrLeave(p, () => unregisterTrigger(p, konnectorId));
  await p.db.webhookEndpoint.updateMany({ where: { konnectorId, workspaceId }, data: { enabled: false } });
}

export async function deactivate(p: Platform, workspaceId: string, konnectorId: string): Promise<void> {
  const updated = await p.db.konnector.updateMany({ where: { id: konnectorId, workspaceId }, data: { status: 'inactive' } });
  if (updated.count === 0) throw new AppError('not_found', `konnector ${konnectorId} not found`);
  await unregister(p, workspaceId, konnectorId);
}
