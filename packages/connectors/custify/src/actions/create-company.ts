import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { companyAttributes, companyBody, companyKey } from '../fields/company';
import { callForRecord } from '../request';

export const createCompany = action({
  key: 'create_company',
  name: 'Create Company',
  group: 'Companies',
  description:
    'Creates a company keyed by your company_id. Custify upserts on company_id, so an existing company with that id is updated instead of duplicated.',
  input: z.object({ company_id: companyKey, ...companyAttributes }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.saveCompany, { body: companyBody(input) }),
});
