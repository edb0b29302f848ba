import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { internalIdList, splitIds, tagOperation } from '../fields/common';
import { existingTagName } from '../fields/tag';
import { callForRecord } from '../request';

export const addRemovePersonTag = action({
  key: 'add_remove_person_tag',
  name: 'Add/Remove Tag',
  group: 'People',
  description: 'Adds a tag to, or removes it from, one or more people (by internal id).',
  input: z.object({
    person_ids: internalIdList('Person IDs', 'Internal Custify ids of the people (a list, or comma-separated).'),
    tag: existingTagName,
    type: tagOperation,
  }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.tagEntities, {
      body: { ids: splitIds(input.person_ids), type: input.type, category: 'people', tag: input.tag },
    }),
});
