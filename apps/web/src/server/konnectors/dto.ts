/** The konnector as the API returns it (detail view): draft, its problems, published version, webhook. */
import type { KonnectorStatus, TriggerState } from '@konnect/db';
import { canonicalJson, type Problem } from '@konnect/schemas';
import { loadWebEnv } from '../../env';
import { TriggerSample } from '../../lib/konnector-bodies';
import { appsOf } from './definition';
import { triggerHealth, triggerHealthSelect, triggerScan, type TriggerHealthDto, type TriggerScanDto } from './trigger-health';

export interface PublishedVersionDto {
  id: string;
  number: number;
  createdAt: string;
}

export interface KonnectorDto {
  id: string;
  name: string;
  description: string;
  tags: string[];
  status: KonnectorStatus;
  /** Connector keys the draft uses (trigger first). */
  apps: string[];
  /** The trigger's health: ok, retrying (next attempt) or paused (reason), since when. */
  triggerHealth: TriggerHealthDto;
  /** Lists that cannot sort: how long a full scan of the list takes (how stale the trigger can be); null otherwise. */
  triggerScan: TriggerScanDto | null;
  draft: unknown;
  /** What must be fixed before the draft can be activated (empty: ready). */
  problems: Problem[];
  publishedVersion: PublishedVersionDto | null;
  /** The draft differs from the published version (saved edits not yet activated). */
  hasUnpublishedChanges: boolean;
  /** Catch Hook konnectors: the URL apps POST to. */
  webhook: { url: string; enabled: boolean } | null;
  /** The trigger's sample the builder fetched and saved ("Refresh Fields"), or null. */
  sample: TriggerSample | null;
  createdAt: string;
  updatedAt: string;
}

export const konnectorSelect = {
  id: true,
  name: true,
  description: true,
  tags: true,
  status: true,
  draft: true,
  ...triggerHealthSelect,
  sample: true,
  createdAt: true,
  updatedAt: true,
  publishedVersion: { select: { id: true, number: true, createdAt: true, definition: true } },
  webhook: { select: { token: true, enabled: true } },
  cursor: { select: { scan: true } },
} as const;

export interface KonnectorRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  status: KonnectorStatus;
  draft: unknown;
  triggerState: TriggerState;
  triggerReason: string | null;
  triggerSince: Date | null;
  triggerNextAt: Date | null;
  sample: unknown;
  createdAt: Date;
  updatedAt: Date;
  publishedVersion: { id: string; number: number; createdAt: Date; definition: unknown } | null;
  webhook: { token: string; enabled: boolean } | null;
  cursor: { scan: unknown } | null;
}

/** The public URL of a Catch Hook token: on HOOK_PUBLIC_URL (the hook ingress) when set, else on the app's NEXTAUTH_URL. */
export function webhookUrl(token: string): string {
  const env = loadWebEnv();
  return new URL(`/hooks/${encodeURIComponent(token)}`, env.HOOK_PUBLIC_URL ?? env.NEXTAUTH_URL).toString();
}

/** The stored sample, or null when there is none (or it predates today's shape). */
export function storedSample(value: unknown): TriggerSample | null {
  const parsed = TriggerSample.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function konnectorDto(row: KonnectorRow, problems: Problem[]): KonnectorDto {
  const published = row.publishedVersion;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    status: row.status,
    apps: appsOf(row.draft),
    triggerHealth: triggerHealth(row),
    triggerScan: row.status === 'active' && published ? triggerScan(row.cursor?.scan ?? null, published.definition) : null,
    draft: row.draft,
    problems,
    publishedVersion: published ? { id: published.id, number: published.number, createdAt: published.createdAt.toISOString() } : null,
    hasUnpublishedChanges: published ? canonicalJson(published.definition) !== canonicalJson(row.draft) : false,
    webhook: row.webhook ? { url: webhookUrl(row.webhook.token), enabled: row.webhook.enabled } : null,
    sample: storedSample(row.sample),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
