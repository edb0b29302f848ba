import { describe, expect, it } from 'vitest';
import { publishState } from './publish-state';

const published = { id: 'v', number: 3, createdAt: '2026-12-01T00:00:00.000Z' } as never;

describe('issue 17 friction 13: Save vs Save & publish', () => {
  it('friction 13: an active konnector with edits offers "Save draft" and "Save & publish", and says what is live', () => {
    expect(publishState({ status: 'active', hasUnpublishedChanges: false, publishedVersion: published }, true)).toEqual({
      save: 'Save draft',
      publish: 'Save & publish',
      live: 'Live: version 3 · the draft has changes that are not live yet',
    });
    expect(publishState({ status: 'active', hasUnpublishedChanges: true, publishedVersion: published }, false).publish).toBe('Publish draft');
    expect(publishState({ status: 'active', hasUnpublishedChanges: false, publishedVersion: published }, false)).toEqual({ save: 'Save draft', publish: null, live: 'Live: version 3' });
  });

  it('friction 13: new and inactive konnectors just save (turning on publishes)', () => {
    expect(publishState(null, true)).toEqual({ save: 'Save', publish: null, live: null });
    expect(publishState({ status: 'inactive', hasUnpublishedChanges: true, publishedVersion: published }, true)).toEqual({ save: 'Save', publish: null, live: 'Version 3 published · off' });
  });
});
