import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { personId, personKeys } from '../fields/person';
import { deleteIdempotent } from '../request';

export const deletePerson = action({
  key: 'delete_person',
  name: 'Delete Person (GDPR forget)',
  group: 'People',
  destructive: true,
  description:
    'Permanently deletes a person and their data (GDPR "forget me"), by internal id, else user_id, else email. Answers { deleted: n }; an already deleted person answers { deleted: 0 }.',
  input: z
    .object({
      id: personId.optional(),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
    })
    .superRefine(requireOneOf(['id', 'user_id', 'email'])),
  run: ({ input, http }) => {
    if (input.id) return deleteIdempotent(http, ENDPOINTS.deletePerson, { path: { id: input.id } });
    const params = input.user_id ? { user_id: input.user_id } : { email: input.email };
    return deleteIdempotent(http, ENDPOINTS.deletePeopleByKey, { params });
  },
});
