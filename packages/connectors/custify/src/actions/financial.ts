import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import type { FinancialKind } from '../fields/financial';
import { financialAttributes, financialEntity, financialExternalId, financialId } from '../fields/financial';
import { callForRecord, deleteIdempotent } from '../request';

const LABELS: Record<FinancialKind, string> = { deal: 'Deal', invoice: 'Invoice', subscription: 'Subscription' };

/** Create / Update / Upsert / Delete for one financial kind (deal, invoice, subscription). */
export function financialActions(kind: FinancialKind) {
  const label = LABELS[kind];
  const lower = label.toLowerCase();
  const attributes = financialAttributes[kind];
  const base = { group: 'Financials' } as const;

  const create = action({
    ...base,
    key: `create_financial_${kind}`,
    name: `Create Financial ${label}`,
    description: `Creates a ${lower} on a company, keyed by your externalId (an existing ${lower} with that externalId is updated).`,
    input: z.object({ externalId: financialExternalId, entity: financialEntity, ...attributes }),
    run: ({ input, http }) => callForRecord(http, ENDPOINTS.saveFinancial, { path: { kind }, body: input }),
  });

  const update = action({
    ...base,
    key: `update_financial_${kind}`,
    name: `Update Financial ${label}`,
    description: `Changes a ${lower} by its internal id; only the fields given change.`,
    input: z.object({
      id: financialId(label),
      externalId: financialExternalId.optional(),
      entity: financialEntity.optional(),
      ...attributes,
    }),
    run: ({ input, http }) => {
      const { id, ...body } = input;
      return callForRecord(http, ENDPOINTS.updateFinancial, { path: { kind, id }, body });
    },
  });

  const upsert = action({
    ...base,
    key: `upsert_financial_${kind}`,
    name: `Upsert Financial ${label}`,
    description: `Updates the ${lower} with this internal id when given; otherwise creates or updates the ${lower} matched by externalId.`,
    input: z
      .object({
        id: financialId(label).optional(),
        externalId: financialExternalId.optional(),
        entity: financialEntity.optional(),
        ...attributes,
      })
      .superRefine(requireOneOf(['id', 'externalId'])),
    run: ({ input, http }) => {
      const { id, ...body } = input;
      return id
        ? callForRecord(http, ENDPOINTS.updateFinancial, { path: { kind, id }, body })
        : callForRecord(http, ENDPOINTS.saveFinancial, { path: { kind }, body });
    },
  });

  const remove = action({
    ...base,
    key: `delete_financial_${kind}`,
    name: `Delete Financial ${label}`,
    destructive: true,
    description: `Deletes a ${lower} by internal id or externalId. An already deleted one answers { deleted: 0 }.`,
    input: z
      .object({ id: financialId(label).optional(), externalId: financialExternalId.optional() })
      .superRefine(requireOneOf(['id', 'externalId'])),
    run: ({ input, http }) =>
      input.id
        ? deleteIdempotent(http, ENDPOINTS.deleteFinancial, { path: { kind, id: input.id } })
        : deleteIdempotent(http, ENDPOINTS.deleteFinancialsByKey, {
            path: { kind },
            params: { externalId: input.externalId },
          }),
  });

  return [create, update, upsert, remove] as const;
}
