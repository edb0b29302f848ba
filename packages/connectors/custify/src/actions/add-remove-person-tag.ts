import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { internalIdList, splitIds, tagOperation, text } from '../fields/common';
import { callForRecord } from '../request';

export const addRemovePersonTag = action({
  key: 'add_remove_person_tag',
  name: 'Add/Remove Tag (Person)',
  group: 'People',
  description: 'Adds a tag to, or removes it from, one or more people (by internal id).',
  input: z.object({
    person_ids: internalIdList('Person IDs', 'Internal Custify ids of the people (a list, or comma-separated).'),
    tag: text('Tag', 'The tag name.'),
    type: tagOperation,
  }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.tagEntities, {
      body: { ids: splitIds(input.person_ids), type: input.type, category: 'people', tag: input.tag },
    }),
});
