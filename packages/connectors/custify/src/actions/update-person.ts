import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { personAttributes, personId, personKeys } from '../fields/person';
import { notFound, recordId } from '../records';
import { callForRecord } from '../request';
import { describePersonKey, lookupPerson } from '../find';

export const updatePerson = action({
  key: 'update_person',
  name: 'Update Person',
  group: 'People',
  description:
    'Updates an existing person, found by internal id, else by user_id, else by email; fails if none matches (never creates). With an internal id, user_id and email are written as new values.',
  input: z
    .object({
      id: personId.optional(),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
      ...personAttributes,
    })
    .superRefine(requireOneOf(['id', 'user_id', 'email'])),
  run: async ({ input, http }) => {
    const { id, ...fields } = input;
    let targetId = id;
    if (!targetId) {
      const found = await lookupPerson(http, input);
      if (!found) throw notFound(describePersonKey(input));
      targetId = recordId(found);
    }
    return callForRecord(http, ENDPOINTS.updatePersonById, { body: { id: targetId, ...fields } });
  },
});
