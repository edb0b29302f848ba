import { addRemoveEntityTag } from './add-remove-entity-tag';
import { addRemovePersonTag } from './add-remove-person-tag';
import { assignCsatScore } from './assign-csat-score';
import { assignNpsScore } from './assign-nps-score';
import { createComment } from './create-comment';
import { createCompany } from './create-company';
import { createNote } from './create-note';
import { createPerson } from './create-person';
import { createTag } from './create-tag';
import { createTask } from './create-task';
import { createTicket } from './create-ticket';
import { createTimeTrack } from './create-time-track';
import { deleteCompany } from './delete-company';
import { deletePerson } from './delete-person';
import { deleteTag } from './delete-tag';
import { deleteTicket } from './delete-ticket';
import { deleteTimeTrack } from './delete-time-track';
import {
  createFinancialDeal,
  deleteFinancialDeal,
  updateFinancialDeal,
  upsertFinancialDeal,
} from './financial-deal';
import {
  createFinancialInvoice,
  deleteFinancialInvoice,
  updateFinancialInvoice,
  upsertFinancialInvoice,
} from './financial-invoice';
import {
  createFinancialSubscription,
  deleteFinancialSubscription,
  updateFinancialSubscription,
  upsertFinancialSubscription,
} from './financial-subscription';
import { getCompany } from './get-company';
import { getPerson } from './get-person';
import { insertEvent } from './insert-event';
import { replyToTicket } from './reply-to-ticket';
import { setFilePortal } from './set-file-portal';
import { unlinkFile } from './unlink-file';
import { updateComment } from './update-comment';
import { updateCompany } from './update-company';
import { updateNote } from './update-note';
import { updatePerson } from './update-person';
import { updateTag } from './update-tag';
import { updateTask } from './update-task';
import { updateTicket } from './update-ticket';
import { updateTimeTrack } from './update-time-track';
import { uploadFile } from './upload-file';
import { upsertComment } from './upsert-comment';
import { upsertCompany } from './upsert-company';
import { upsertNote } from './upsert-note';
import { upsertPerson } from './upsert-person';
import { upsertTag } from './upsert-tag';

/** All 49 Custify actions, in picker order (by group). */
export const actions = [
  // People (7)
  createPerson,
  updatePerson,
  upsertPerson,
  getPerson,
  deletePerson,
  addRemovePersonTag,
  insertEvent,
  // Companies (5)
  createCompany,
  updateCompany,
  upsertCompany,
  getCompany,
  deleteCompany,
  // Notes (3)
  createNote,
  updateNote,
  upsertNote,
  // Tags (5)
  createTag,
  updateTag,
  upsertTag,
  deleteTag,
  addRemoveEntityTag,
  // Scores (2)
  assignNpsScore,
  assignCsatScore,
  // Tickets (4)
  createTicket,
  updateTicket,
  deleteTicket,
  replyToTicket,
  // Tasks (2)
  createTask,
  updateTask,
  // Comments (3)
  createComment,
  updateComment,
  upsertComment,
  // Files (3)
  uploadFile,
  unlinkFile,
  setFilePortal,
  // Financials (12)
  createFinancialDeal,
  updateFinancialDeal,
  upsertFinancialDeal,
  deleteFinancialDeal,
  createFinancialInvoice,
  updateFinancialInvoice,
  upsertFinancialInvoice,
  deleteFinancialInvoice,
  createFinancialSubscription,
  updateFinancialSubscription,
  upsertFinancialSubscription,
  deleteFinancialSubscription,
  // Time Tracks (3)
  createTimeTrack,
  updateTimeTrack,
  deleteTimeTrack,
];
