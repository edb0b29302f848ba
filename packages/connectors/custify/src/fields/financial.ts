import { z } from 'zod';
import { internalId, isoDate, text } from './common';

export type FinancialKind = 'deal' | 'invoice' | 'subscription';

export const financialExternalId = text('External ID', 'Your own id of the record (externalId): the upsert key.').meta({
  identifier: 'externalId',
});

export function financialId(label: string) {
  return internalId(`${label} ID`, `Internal Custify id of the ${label.toLowerCase()}.`);
}

export const financialEntity = internalId('Company internal ID', 'Internal Custify id of the company it belongs to.').meta({
  dynamicOptions: 'companies',
});

const amount = (label: string) => z.number().nonnegative(`${label} must not be negative`).meta({ label });
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'Currency must be a 3-letter ISO 4217 code, e.g. USD')
  .meta({ label: 'Currency', description: 'ISO 4217 code, e.g. USD, EUR.' });

/**
 * Per-kind attributes (all optional: only given ones change). Typed as a plain shape so one
 * factory builds the four actions of each kind; the runtime schema keeps every field.
 */
export type FinancialShape = Record<string, z.ZodOptional<z.ZodType>>;

export const financialAttributes: Record<FinancialKind, FinancialShape> = {
  deal: {
    name: text('Name').optional(),
    amount: amount('Amount').optional(),
    currency: currency.optional(),
    stage: text('Stage', 'e.g. open, won, lost.').optional(),
    closedAt: isoDate('Closed at').optional(),
  },
  invoice: {
    number: text('Invoice number').optional(),
    amount: amount('Amount').optional(),
    currency: currency.optional(),
    status: text('Status', 'e.g. draft, open, paid, void.').optional(),
    issuedAt: isoDate('Issued at').optional(),
    dueAt: isoDate('Due at').optional(),
  },
  subscription: {
    plan: text('Plan').optional(),
    mrr: amount('MRR').optional(),
    currency: currency.optional(),
    status: text('Status', 'e.g. active, trialing, canceled.').optional(),
    startedAt: isoDate('Started at').optional(),
    endedAt: isoDate('Ended at').optional(),
  },
};
