import { financialActions } from './financial';

/** Create, Update, Upsert and Delete Financial Invoice. */
export const [createFinancialInvoice, updateFinancialInvoice, upsertFinancialInvoice, deleteFinancialInvoice] = financialActions('invoice');
