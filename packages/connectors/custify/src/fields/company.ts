import { z } from 'zod';
import { customAttributes, internalId, isoDate, splitIds, text } from './common';

export const companyKey = text('Company ID', 'Your own id for the company (Custify company_id).').meta({
  identifier: 'company_id',
});

/** A company_id that names an existing company (look-ups, updates, deletes): offered from the app. */
export const existingCompanyKey = companyKey.meta({ dynamicOptions: 'company_ids' });

export const companyId = internalId('Company internal ID', 'Internal Custify id of the company (24 hex characters).').meta({
  dynamicOptions: 'companies',
});

/** Writable company attributes (all optional: only given ones change). */
export const companyAttributes = {
  name: text('Name').optional(),
  website: text('Website').optional(),
  industry: text('Industry').optional(),
  size: z.number().int().nonnegative().optional().meta({ label: 'Size', description: 'Number of employees.' }),
  plan: text('Plan').optional(),
  churned: z.boolean().optional().meta({ label: 'Churned' }),
  signed_up_at: isoDate('Signed up at').optional(),
  monthly_revenue: z.number().nonnegative().optional().meta({ label: 'Monthly revenue' }),
  owners_csm: text('CSM owner', 'Custify user id or email of the CSM.').optional(),
  owners_account: text('Account owner', 'Custify user id or email of the account owner.').optional(),
  parent_companies: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .meta({
      label: 'Parent companies',
      description: 'Internal ids of parent companies (array or comma-separated).',
      identifier: 'internal_id',
    }),
  custom_attributes: customAttributes.optional(),
};

type CompanyAttributes = {
  [K in keyof typeof companyAttributes]?: z.infer<(typeof companyAttributes)[K]>;
};

/** The request body for company attributes (parent ids become `[{ id }]`). */
export function companyBody(input: CompanyAttributes): Record<string, unknown> {
  const { parent_companies, ...rest } = input;
  return {
    ...rest,
    ...(parent_companies !== undefined ? { parent_companies: splitIds(parent_companies).map((id) => ({ id })) } : {}),
  };
}
