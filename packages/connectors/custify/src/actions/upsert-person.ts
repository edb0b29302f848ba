import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { personAttributes, personId, personKeys } from '../fields/person';
import { callForRecord } from '../request';

export const upsertPerson = action({
  key: 'upsert_person',
  name: 'Upsert Person',
  group: 'People',
  description:
    'Creates or updates a person. With an internal id, updates that person; otherwise Custify matches on user_id, then email, and creates the person if none matches.',
  input: z
    .object({
      id: personId.optional(),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
      ...personAttributes,
    })
    .superRefine(requireOneOf(['id', 'user_id', 'email'])),
  run: ({ input, http }) =>
    input.id
      ? callForRecord(http, ENDPOINTS.updatePersonById, { body: input })
      : callForRecord(http, ENDPOINTS.savePerson, { body: input }),
});
