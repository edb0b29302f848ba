import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { personAttributes, personKeys } from '../fields/person';
import { callForRecord } from '../request';

export const createPerson = action({
  key: 'create_person',
  name: 'Create Person',
  group: 'People',
  description:
    'Creates a person. Needs a user_id or an email; Custify matches on user_id, then email, so an existing person is updated instead of duplicated.',
  input: z
    .object({ user_id: personKeys.user_id.optional(), email: personKeys.email.optional(), ...personAttributes })
    .superRefine(requireOneOf(['user_id', 'email'])),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.savePerson, { body: input }),
});
