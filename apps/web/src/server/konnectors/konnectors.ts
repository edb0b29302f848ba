/**
 * Konnectors: create (blank, with a definition, or from a template), read, edit, duplicate, delete.
 * Drafts are checked with the zod schema (a 400 names the field) but may have semantic problems,
 * which every response lists. Turning konnectors on and off is in lifecycle.ts.
 */
import { templateConnectors, templateDefinition, TEMPLATES } from '@konnect/connectors';
import { Prisma } from '@konnect/db';
import { deactivate } from '@konnect/platform';
import { EMPTY_DRAFT, KonnectorDraft, type CreateKonnectorBody, type TriggerSample, type UpdateKonnectorBody } from '../../lib/konnector-bodies';
import { audit, type AuditEntry } from '../audit/audit';
import { AppError, fromZodError, notFound } from '../errors';
import { platform } from '../services';
import type { ScopedDb } from '../tenant';
import type { WorkspaceScope } from '../workspace-scope';
import { konnectorDto, konnectorSelect, storedSample, type KonnectorDto } from './dto';
import { checkHookRate, hookTokenFor } from './hook';
import { draftProblems } from './problems';

const MAX_NAME = 100;

/** A draft as stored: parsed (defaults applied), so it compares equal to the version it publishes. */
export function parseDraft(raw: unknown, field = 'definition'): KonnectorDraft {
  const parsed = KonnectorDraft.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, field);
  return parsed.data;
}

export async function getKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorDto> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: konnectorSelect });
  if (!row) throw notFound('Konnector');
  return konnectorDto(row, await draftProblems(ws.tenant, row.draft));
}

interface NewKonnector {
  name: string;
  description?: string;
  tags?: string[];
  draft: KonnectorDraft;
  sample?: TriggerSample | null;
}

/** A sample to store: null clears it (SQL NULL, not JSON null). */
const sampleValue = (sample: TriggerSample | null) => (sample === null ? Prisma.DbNull : (sample as object));

/** Creates the konnector and records `event` (konnector.created, or .imported) in the audit log. */
export async function insertKonnector(ws: WorkspaceScope, data: NewKonnector, event: Pick<AuditEntry, 'action' | 'details'> = { action: 'konnector.created' }): Promise<KonnectorDto> {
  const row = await ws.tenant.konnector.create({
    data: {
      workspaceId: ws.workspaceId,
      name: data.name.slice(0, MAX_NAME),
      description: data.description ?? '',
      tags: data.tags ?? [],
      status: 'inactive',
      draft: data.draft as object,
      ...(data.sample ? { sample: data.sample as object } : {}),
    },
    select: konnectorSelect,
  });
  // A Catch Hook's URL exists from the start (copied into the sending app before the konnector is on).
  const token = await hookTokenFor(ws, row.id, row.draft);
  if (token && !row.webhook) row.webhook = { token, enabled: false };
  await audit(ws, { ...event, targetType: 'konnector', targetId: row.id, targetLabel: row.name });
  return konnectorDto(row, await draftProblems(ws.tenant, row.draft));
}

/** The template's connection must be in this workspace and for the template's app. */
async function templateConnection(tenant: ScopedDb, connectionId: string, connectorKey: string): Promise<void> {
  const connection = await tenant.connection.findFirst({ where: { id: connectionId }, select: { connectorKey: true, name: true } });
  if (!connection) throw new AppError('bad_request', 'connectionId: there is no such connection in this workspace', 'connectionId');
  if (connection.connectorKey !== connectorKey) {
    throw new AppError('bad_request', `connectionId: "${connection.name}" is a ${connection.connectorKey} connection; this template needs ${connectorKey}`, 'connectionId');
  }
}

/**
 * Connections for a template's other apps (a cross-app template): the workspace's connection of
 * that app when it has exactly one; otherwise none, and the draft asks for it in the builder.
 */
async function otherConnections(tenant: ScopedDb, connectorKeys: string[]): Promise<Record<string, string>> {
  if (connectorKeys.length === 0) return {};
  const rows = await tenant.connection.findMany({ where: { connectorKey: { in: connectorKeys } }, select: { id: true, connectorKey: true } });
  const picked: Record<string, string> = {};
  for (const key of connectorKeys) {
    const mine = rows.filter((r) => r.connectorKey === key);
    if (mine.length === 1 && mine[0]) picked[key] = mine[0].id;
  }
  return picked;
}

export async function createKonnector(ws: WorkspaceScope, body: CreateKonnectorBody): Promise<KonnectorDto> {
  if (body.templateKey !== undefined) {
    const template = TEMPLATES.find((t) => t.key === body.templateKey);
    if (!template) throw new AppError('bad_request', `templateKey: there is no template "${body.templateKey}"`, 'templateKey');
    const connectionId = body.connectionId ?? '';
    await templateConnection(ws.tenant, connectionId, template.trigger.connector);
    const others = await otherConnections(ws.tenant, templateConnectors(template).filter((k) => k !== template.trigger.connector));
    return insertKonnector(ws, {
      name: body.name ?? template.name,
      description: body.description ?? template.description,
      tags: body.tags ?? [],
      draft: parseDraft(templateDefinition(template, { ...others, [template.trigger.connector]: connectionId })),
    }, { action: 'konnector.created', details: { templateKey: template.key } });
  }
  checkHookRate(body.definition, 'definition');
  return insertKonnector(ws, {
    name: body.name ?? 'Untitled konnector',
    description: body.description ?? '',
    tags: body.tags ?? [],
    draft: body.definition ?? EMPTY_DRAFT,
    sample: body.sample ?? null,
  });
}

export async function updateKonnector(ws: WorkspaceScope, id: string, body: UpdateKonnectorBody): Promise<KonnectorDto> {
  checkHookRate(body.draft, 'draft');
  const row = await ws.tenant.konnector.update({
    where: { id },
    data: {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.tags !== undefined ? { tags: body.tags } : {}),
      ...(body.draft !== undefined ? { draft: body.draft as object } : {}),
      ...(body.sample !== undefined ? { sample: sampleValue(body.sample) } : {}),
    },
    select: konnectorSelect,
  });
  const token = body.draft !== undefined ? await hookTokenFor(ws, row.id, row.draft) : null;
  if (token && !row.webhook) row.webhook = { token, enabled: false };
  return konnectorDto(row, await draftProblems(ws.tenant, row.draft));
}

/** An inactive copy named "Copy of …" with the same draft, description and tags (no versions, no runs). */
export async function duplicateKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorDto> {
  const source = await ws.tenant.konnector.findFirst({ where: { id }, select: { name: true, description: true, tags: true, draft: true, sample: true } });
  if (!source) throw notFound('Konnector');
  return insertKonnector(ws, { name: `Copy of ${source.name}`, description: source.description, tags: source.tags, draft: source.draft as KonnectorDraft, sample: storedSample(source.sample) }, { action: 'konnector.created', details: { duplicateOf: id } });
}

/** Deletes a konnector with its versions and runs; an active one is turned off first (its trigger unregistered). */
export async function deleteKonnector(ws: WorkspaceScope, id: string): Promise<void> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { status: true, name: true } });
  if (!row) throw notFound('Konnector');
  if (row.status === 'active') await deactivate(platform(), ws.workspaceId, id);
  await ws.tenant.$transaction(async (tx) => {
    await tx.konnector.delete({ where: { id } });
    await audit(ws, { action: 'konnector.deleted', targetType: 'konnector', targetId: id, targetLabel: row.name, details: { wasActive: row.status === 'active' } }, tx);
  });
}
