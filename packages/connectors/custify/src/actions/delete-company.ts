import { z } from 'zod';
import { action } from '../auth';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { companyId, existingCompanyKey } from '../fields/company';

export const deleteCompany = action({
  key: 'delete_company',
  name: 'Delete Company',
  group: 'Companies',
  destructive: true,
  description:
    'Deletes a company and all associated data from Custify (GDPR "forget me"), by internal id or company_id. The output quotes what Custify confirmed ({ deleted: n }); a company Custify does not have fails the step unless "Succeed if already deleted" is on.',
  input: z
    .object({
      id: companyId.optional(),
      company_id: existingCompanyKey.optional(),
      succeed_if_already_deleted: succeedIfAlreadyDeleted,
    })
    .superRefine(requireOneOf(['id', 'company_id'])),
  run: ({ input, http }) => {
    const spec = { gdpr: true, succeedIfAlreadyDeleted: input.succeed_if_already_deleted };
    return input.id
      ? deleteRecord(http, ENDPOINTS.deleteCompany, { path: { id: input.id } }, { ...spec, what: `company with id "${input.id}"` })
      : deleteRecord(
          http,
          ENDPOINTS.deleteCompaniesByKey,
          { params: { company_id: input.company_id } },
          { ...spec, what: `company with company_id "${input.company_id ?? ''}"` },
        );
  },
});
