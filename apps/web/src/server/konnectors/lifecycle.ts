/**
 * The Active/Inactive toggle and Publish. Activation validates the draft (problems → 400
 * invalid_definition listing them), publishes it as a new version and registers the trigger
 * (@konnect/platform). Publish does the same for a konnector that is already on.
 */
import { activate, deactivate, konnectorIsOff, publish, type ActivationResult } from '@konnect/platform';
import { canonicalJson } from '@konnect/schemas';
import type { ActivateBody } from '../../lib/konnector-bodies';
import { audit } from '../audit/audit';
import { AppError, notFound } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';
import { webhookUrl, type KonnectorDto } from './dto';
import { getKonnector } from './konnectors';
import { draftProblems } from './problems';

export interface ActivationDto extends KonnectorDto {
  /** The version number just published. */
  version: number;
  trigger: ActivationResult['trigger'];
  /** Catch Hook konnectors: where apps send their events. */
  webhookUrl?: string;
}

export async function activateKonnector(ws: WorkspaceScope, id: string, body: ActivateBody): Promise<ActivationDto> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { draft: true, name: true } });
  if (!row) throw notFound('Konnector');
  // The platform validates too; checking here first also catches connections of other workspaces by name.
  const problems = await draftProblems(ws.tenant, row.draft);
  if (problems.length > 0) {
    throw new AppError('invalid_definition', `The konnector cannot be turned on: fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} first`, undefined, problems);
  }
  const result = await activate(platform(), ws.workspaceId, id, { ...(body.skipToNow !== undefined ? { skipToNow: body.skipToNow } : {}) });
  await audit(ws, { action: 'konnector.activated', targetType: 'konnector', targetId: id, targetLabel: row.name, details: { version: result.version } });
  const konnector = await getKonnector(ws, id);
  return { ...konnector, version: result.version, trigger: result.trigger, ...(result.hookToken ? { webhookUrl: webhookUrl(result.hookToken) } : {}) };
}

export async function deactivateKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorDto> {
  await deactivate(platform(), ws.workspaceId, id);
  const konnector = await getKonnector(ws, id);
  await audit(ws, { action: 'konnector.deactivated', targetType: 'konnector', targetId: id, targetLabel: konnector.name });
  return konnector;
}

/**
 * Publishes the draft of an active konnector as a new version: runs already created keep their
 * version, the next one uses this. An inactive konnector → 409 (turning it on publishes); a draft
 * equal to the running version publishes nothing.
 */
export async function publishKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorDto> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { name: true, draft: true, status: true, publishedVersion: { select: { definition: true } } } });
  if (!row) throw notFound('Konnector');
  if (row.status !== 'active') throw konnectorIsOff();
  const problems = await draftProblems(ws.tenant, row.draft);
  if (problems.length > 0) {
    throw new AppError('invalid_definition', `The draft cannot be published: fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} first`, undefined, problems);
  }
  if (row.publishedVersion && canonicalJson(row.publishedVersion.definition) === canonicalJson(row.draft)) return getKonnector(ws, id);
  const result = await publish(platform(), ws.workspaceId, id);
  await audit(ws, { action: 'konnector.published', targetType: 'konnector', targetId: id, targetLabel: row.name, details: { version: result.version } });
  return getKonnector(ws, id);
}
