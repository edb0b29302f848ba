import { z } from 'zod';
import { action } from '../auth';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { personId, personKeys } from '../fields/person';

export const deletePerson = action({
  key: 'delete_person',
  name: 'Delete Person',
  group: 'People',
  destructive: true,
  description:
    'Deletes a person and all associated data from Custify (GDPR "forget me"), by internal id, else user_id, else email. The output quotes what Custify confirmed ({ deleted: n }); a person Custify does not have fails the step unless "Succeed if already deleted" is on.',
  input: z
    .object({
      id: personId.optional(),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
      succeed_if_already_deleted: succeedIfAlreadyDeleted,
    })
    .superRefine(requireOneOf(['id', 'user_id', 'email'])),
  run: ({ input, http }) => {
    const spec = { gdpr: true, succeedIfAlreadyDeleted: input.succeed_if_already_deleted };
    if (input.id) {
      return deleteRecord(http, ENDPOINTS.deletePerson, { path: { id: input.id } }, { ...spec, what: `person with id "${input.id}"` });
    }
    const [key, value] = input.user_id ? (['user_id', input.user_id] as const) : (['email', input.email ?? ''] as const);
    return deleteRecord(
      http,
      ENDPOINTS.deletePeopleByKey,
      { params: { [key]: value } },
      { ...spec, what: `person with ${key} "${value}"` },
    );
  },
});
