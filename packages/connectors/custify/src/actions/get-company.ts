import { z } from 'zod';
import { action } from '../auth';
import { failIfNotFound, requireOneOf } from '../fields/common';
import { companyId, existingCompanyKey } from '../fields/company';
import { findCompany } from '../find';
import { notFound } from '../records';

export const getCompany = action({
  key: 'get_company',
  readOnly: true,
  name: 'Get Company',
  group: 'Companies',
  description: 'Finds one company by internal id, or by company_id.',
  input: z
    .object({ id: companyId.optional(), company_id: existingCompanyKey.optional(), fail_if_not_found: failIfNotFound })
    .superRefine(requireOneOf(['id', 'company_id'])),
  run: async ({ input, http }) => {
    const key = input.id ? { id: input.id } : { company_id: input.company_id ?? '' };
    const company = await findCompany(http, key);
    if (company) return { found: true, ...company };
    if (input.fail_if_not_found) {
      throw notFound(input.id ? `company with id "${input.id}"` : `company with company_id "${input.company_id}"`);
    }
    return { found: false };
  },
});
