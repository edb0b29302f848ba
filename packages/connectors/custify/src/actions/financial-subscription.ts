import { financialActions } from './financial';

/** Create, Update, Upsert and Delete Financial Subscription. */
export const [createFinancialSubscription, updateFinancialSubscription, upsertFinancialSubscription, deleteFinancialSubscription] = financialActions('subscription');
