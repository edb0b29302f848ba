import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { companyId, existingCompanyKey } from '../fields/company';
import { deleteIdempotent } from '../request';

export const deleteCompany = action({
  key: 'delete_company',
  name: 'Delete Company (GDPR forget)',
  group: 'Companies',
  destructive: true,
  description:
    'Permanently deletes a company (GDPR "forget me"), by internal id or company_id. Answers { deleted: n }; an already deleted company answers { deleted: 0 }.',
  input: z
    .object({ id: companyId.optional(), company_id: existingCompanyKey.optional() })
    .superRefine(requireOneOf(['id', 'company_id'])),
  run: ({ input, http }) =>
    input.id
      ? deleteIdempotent(http, ENDPOINTS.deleteCompany, { path: { id: input.id } })
      : deleteIdempotent(http, ENDPOINTS.deleteCompaniesByKey, { params: { company_id: input.company_id } }),
});
