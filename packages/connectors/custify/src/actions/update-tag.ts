import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { tagAttributes, tagCategory, tagId, tagName } from '../fields/tag';
import { callForRecord } from '../request';

export const updateTag = action({
  key: 'update_tag',
  name: 'Update Tag',
  group: 'Tags',
  description: "Changes a tag's name, description, color or category, by the tag's internal id.",
  input: z.object({ id: tagId, name: tagName.optional(), category: tagCategory.optional(), ...tagAttributes }),
  run: ({ input, http }) => {
    const { id, ...fields } = input;
    return callForRecord(http, ENDPOINTS.updateTag, { path: { id }, body: fields });
  },
});
