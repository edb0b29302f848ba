import { z } from 'zod';
import { ConnectorError } from '@konnect/sdk';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { requireOneOf } from '../fields/common';
import type { FinancialKind } from '../fields/financial';
import { financialAttributes, financialEntity, financialExternalId, financialId } from '../fields/financial';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { callForRecord } from '../request';

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
    description: `Changes an existing ${lower} by its internal id (POST /financial/${kind}/{entity}), or by the externalId in the body (POST /financial/${kind}); only the fields given change. Custify matches an externalId itself: the product page documents no look-up, so an externalId Custify does not know creates a new ${lower}.`,
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

  const upsert = action({
    ...base,
    key: `upsert_financial_${kind}`,
    name: `Upsert Financial ${label}`,
    description: `Updates the ${lower} found by internal id; otherwise (no id, or no ${lower} with that id) creates or updates the ${lower} matched by externalId.`,
    input: z
      .object({
        id: financialId(label).optional(),
        externalId: financialExternalId.optional(),
        entity: financialEntity.optional(),
        ...attributes,
      })
      .superRefine(requireOneOf(['id', 'externalId'])),
    run: async ({ input, http }) => {
      const { id, ...body } = input;
      if (!id) return callForRecord(http, ENDPOINTS.saveFinancial, { path: { kind }, body });
      try {
        return await callForRecord(http, ENDPOINTS.updateFinancial, { path: { kind, id }, body });
      } catch (err) {
        // Not found by internal id: create it, when an externalId says what to create.
        if (!(err instanceof ConnectorError) || err.kind !== 'not_found' || !body.externalId) throw err;
        return callForRecord(http, ENDPOINTS.saveFinancial, { path: { kind }, body });
      }
    },
  });

  const remove = action({
    ...base,
    key: `delete_financial_${kind}`,
    name: `Delete Financial ${label}`,
    destructive: true,
    description: `Deletes a ${lower} by internal id (in the path) or externalId (in the query). One Custify does not have fails the step unless "Succeed if already deleted" is on.`,
    input: z
      .object({
        id: financialId(label).optional(),
        externalId: financialExternalId.optional(),
        succeed_if_already_deleted: succeedIfAlreadyDeleted,
      })
      .superRefine(requireOneOf(['id', 'externalId'])),
    run: ({ input, http }) => {
      const spec = { gdpr: false, succeedIfAlreadyDeleted: input.succeed_if_already_deleted };
      return input.id
        ? deleteRecord(http, ENDPOINTS.deleteFinancial, { path: { kind, id: input.id } }, {
            ...spec,
            what: `financial ${lower} with id "${input.id}"`,
          })
        : deleteRecord(
            http,
            ENDPOINTS.deleteFinancialsByKey,
            { path: { kind }, params: { externalId: input.externalId } },
            { ...spec, what: `financial ${lower} with externalId "${input.externalId ?? ''}"` },
          );
    },
  });

  return [create, update, upsert, remove] as const;
}
