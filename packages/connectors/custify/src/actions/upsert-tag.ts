import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { tagAttributes, tagCategory, tagId, tagName } from '../fields/tag';
import { callForRecord } from '../request';

export const upsertTag = action({
  key: 'upsert_tag',
  name: 'Upsert Tag',
  group: 'Tags',
  description: 'Upserts a tag: if a tag id is provided, it updates that tag; otherwise, it creates a new one.',
  input: z.object({ id: tagId.optional(), name: tagName, category: tagCategory, ...tagAttributes }),
  run: ({ input, http }) => {
    const { id, ...fields } = input;
    return id
      ? callForRecord(http, ENDPOINTS.updateTag, { path: { id }, body: fields })
      : callForRecord(http, ENDPOINTS.createTag, { body: fields });
  },
});
