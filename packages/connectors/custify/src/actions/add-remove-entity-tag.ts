import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { internalIdList, splitIds, tagOperation } from '../fields/common';
import { existingTagName, tagCategory } from '../fields/tag';
import { callForRecord } from '../request';

export const addRemoveEntityTag = action({
  key: 'add_remove_entity_tag',
  name: 'Add/Remove Tag from Entity',
  group: 'Tags',
  description: 'Adds a tag to, or removes it from, companies or people (by internal id).',
  input: z.object({
    category: tagCategory,
    ids: internalIdList('Entity IDs', 'Internal Custify ids of the companies or people (a list, or comma-separated).'),
    tag: existingTagName,
    type: tagOperation,
  }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.tagEntities, {
      body: { ids: splitIds(input.ids), type: input.type, category: input.category, tag: input.tag },
    }),
});
