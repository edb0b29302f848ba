import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { companyAttributes, companyBody, companyId, existingCompanyKey } from '../fields/company';
import { findCompany } from '../find';
import { notFound, recordId } from '../records';
import { callForRecord } from '../request';

export const updateCompany = action({
  key: 'update_company',
  name: 'Update Company',
  group: 'Companies',
  description:
    'Updates an existing company, found by internal id, else by company_id; fails if none matches (never creates). With an internal id, company_id is written as a new value.',
  input: z
    .object({ id: companyId.optional(), company_id: existingCompanyKey.optional(), ...companyAttributes })
    .superRefine(requireOneOf(['id', 'company_id'])),
  run: async ({ input, http }) => {
    const { id, ...fields } = input;
    let targetId = id;
    if (!targetId) {
      const companyKeyValue = input.company_id ?? '';
      const found = await findCompany(http, { company_id: companyKeyValue });
      if (!found) throw notFound(`company with company_id "${companyKeyValue}"`);
      targetId = recordId(found);
    }
    return callForRecord(http, ENDPOINTS.saveCompany, { body: { id: targetId, ...companyBody(fields) } });
  },
});
