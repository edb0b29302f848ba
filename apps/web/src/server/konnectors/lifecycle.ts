/**
 * The Active/Inactive toggle. Activation validates the draft (problems → 400 invalid_definition
 * listing them), publishes it as a new version and registers the trigger (@konnect/platform).
 */
import { activate, deactivate, type ActivationResult } from '@konnect/platform';
import type { ActivateBody } from '../../lib/konnector-bodies';
import { AppError, notFound } from '../errors';
import { viaPlatform } from '../platform-errors';
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
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { draft: true } });
  if (!row) throw notFound('Konnector');
  // The platform validates too; checking here first also catches connections of other workspaces by name.
  const problems = await draftProblems(ws.tenant, row.draft);
  if (problems.length > 0) {
    throw new AppError('invalid_definition', `The konnector cannot be turned on: fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} first`, undefined, problems);
  }
  const result = await viaPlatform(() => activate(platform(), ws.workspaceId, id, { ...(body.skipToNow !== undefined ? { skipToNow: body.skipToNow } : {}) }));
  const konnector = await getKonnector(ws, id);
  return { ...konnector, version: result.version, trigger: result.trigger, ...(result.hookToken ? { webhookUrl: webhookUrl(result.hookToken) } : {}) };
}

export async function deactivateKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorDto> {
  await viaPlatform(() => deactivate(platform(), ws.workspaceId, id));
  return getKonnector(ws, id);
}
