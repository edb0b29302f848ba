import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import { companyAttributes, companyBody, companyId, companyKey } from '../fields/company';
import { callForRecord } from '../request';

export const upsertCompany = action({
  key: 'upsert_company',
  name: 'Upsert Company',
  group: 'Companies',
  description:
    'Creates or updates a company: with an internal id, updates that company; otherwise matches on company_id and creates the company if none matches.',
  input: z
    .object({ id: companyId.optional(), company_id: companyKey.optional(), ...companyAttributes })
    .superRefine(requireOneOf(['id', 'company_id'])),
  run: ({ input, http }) => {
    const { id, ...fields } = input;
    return callForRecord(http, ENDPOINTS.saveCompany, { body: { ...(id ? { id } : {}), ...companyBody(fields) } });
  },
});
