import { financialActions } from './financial';

/** Create, Update, Upsert and Delete Financial Deal. */
export const [createFinancialDeal, updateFinancialDeal, upsertFinancialDeal, deleteFinancialDeal] = financialActions('deal');
