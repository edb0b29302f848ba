/**
 * What the builder's Save buttons say and what is live (issue 17, friction 13): on a konnector that
 * is on, "Save" stored a draft and "Publish" was a second, unexplained step. Now an active
 * konnector offers "Save draft" and "Save & publish" (or "Publish draft" once saved), and the
 * state line says which version is live and whether the draft differs from it. Pure.
 */
import type { KonnectorDto } from '@/lib/api-types';

export interface PublishState {
  /** The plain save button. */
  save: string;
  /** The button that makes the draft live, or null (new or inactive konnectors: turning on publishes). */
  publish: string | null;
  /** What runs now, or null before anything was published. */
  live: string | null;
}

export function publishState(konnector: Pick<KonnectorDto, 'status' | 'hasUnpublishedChanges' | 'publishedVersion'> | null, dirty: boolean): PublishState {
  if (!konnector) return { save: 'Save', publish: null, live: null };
  const version = konnector.publishedVersion?.number;
  if (konnector.status !== 'active') {
    return { save: 'Save', publish: null, live: version ? `Version ${version} published · off` : null };
  }
  const changed = dirty || konnector.hasUnpublishedChanges;
  return {
    save: 'Save draft',
    publish: dirty ? 'Save & publish' : konnector.hasUnpublishedChanges ? 'Publish draft' : null,
    live: `Live: version ${version ?? '?'}${changed ? ' · the draft has changes that are not live yet' : ''}`,
  };
}
