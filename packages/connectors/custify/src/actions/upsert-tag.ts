import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { tagAttributes, tagCategory, tagId, tagName } from '../fields/tag';
import { findTag } from '../find';
import { recordId } from '../records';
import { callForRecord } from '../request';

export const upsertTag = action({
  key: 'upsert_tag',
  name: 'Upsert Tag',
  group: 'Tags',
  description:
    'Updates the tag when a tag id is given; otherwise updates the tag with this name in the category, or creates it.',
  input: z.object({ id: tagId.optional(), name: tagName, category: tagCategory, ...tagAttributes }),
  run: async ({ input, http }) => {
    const { id, ...fields } = input;
    const existing = id ?? (await findTag(http, input.name, input.category).then((t) => (t ? recordId(t) : undefined)));
    if (existing) return callForRecord(http, ENDPOINTS.updateTag, { path: { id: existing }, body: fields });
    return callForRecord(http, ENDPOINTS.createTag, { body: fields });
  },
});
