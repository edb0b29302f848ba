import { z } from 'zod';
import { action } from '../auth';
import { failIfNotFound, requireOneOf } from '../fields/common';
import { personId, personKeys } from '../fields/person';
import { notFound } from '../records';
import { describePersonKey, lookupPerson } from '../find';

export const getPerson = action({
  key: 'get_person',
  readOnly: true,
  name: 'Get Person',
  group: 'People',
  description: 'Finds one person by internal id, user_id or email (tried in that order).',
  input: z
    .object({
      id: personId.optional(),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
      fail_if_not_found: failIfNotFound,
    })
    .superRefine(requireOneOf(['id', 'user_id', 'email'])),
  run: async ({ input, http }) => {
    const person = await lookupPerson(http, input);
    if (person) return { found: true, ...person };
    if (input.fail_if_not_found) throw notFound(describePersonKey(input));
    return { found: false };
  },
});
